<?php
/**
 * Site chrome of the replica's current theme: menu, breaking-news ticker, byline, share rows,
 * post navigation, Latest from, Don't Miss, sidebar teasers and the in-body ad slot.
 */

function asianlite_post_link($post) {
    return sprintf('<a href="%s">%s</a>', esc_url(get_permalink($post)), get_the_title($post));
}

function asianlite_menu() {
    $items = '<li class="menu-item"><a href="' . esc_url(home_url('/')) . '">Home</a></li>';
    foreach (ASIANLITE_MENU as $slug) {
        $term = get_category_by_slug($slug);
        if ($term) {
            $items .= sprintf('<li class="menu-item"><a href="%s">%s</a></li>',
                              esc_url(get_category_link($term)), esc_html($term->name));
        }
    }
    return $items . '<li class="menu-item"><a href="https://epaper.asianlite.com/">E-Paper</a></li>';
}

function asianlite_ticker() {
    $items = '';
    foreach (asianlite_newest_in(0, 4, 0) as $post) {
        $items .= '<li>' . asianlite_post_link($post) . '</li>';
    }
    return $items;
}

function asianlite_byline($post) {
    $names = array_map(fn($a) => '<span class="author vcard">' . esc_html($a) . '</span>', asianlite_authors($post));
    return '<span class="byline">By ' . implode(' and ', $names) . '</span>';
}

function asianlite_times($post) {
    $out = sprintf('<time class="entry-date published" datetime="%s">%s</time>',
                   esc_attr(get_the_date('c', $post)), esc_html(get_the_date('', $post)));
    if (asianlite_was_edited($post)) {
        $out .= sprintf('<time class="updated" datetime="%s">%s</time>',
                        esc_attr(get_the_modified_date('c', $post)), esc_html(get_the_modified_date('', $post)));
    }
    return $out;
}

function asianlite_share($post, $where) {
    $short = rawurlencode(wp_get_shortlink($post->ID));
    if ($where === 'top') {
        return '<div class="share-buttons share-top">'
            . '<a class="share-facebook" href="https://www.facebook.com/sharer.php?u=' . $short . '" rel="nofollow">Share</a> '
            . '<a class="share-twitter" href="https://twitter.com/intent/tweet?url=' . $short . '" rel="nofollow">Tweet</a> '
            . '<a class="share-whatsapp" href="whatsapp://send?text=' . $short . '" rel="nofollow">WhatsApp</a></div>' . "\n";
    }
    return '<div class="sharedaddy sd-sharing-enabled"><div class="sd-block"><h3 class="sd-title">Share this:</h3>'
        . '<ul><li><a class="share-email" href="mailto:?subject=Asian%20Lite" rel="nofollow">Email</a></li>'
        . '<li><a class="share-print" href="#print" rel="nofollow">Print</a></li></ul></div></div>' . "\n";
}

function asianlite_post_nav() {
    $out = '';
    foreach ([[get_previous_post(), 'nav-previous', 'prev', 'Previous Story'],
              [get_next_post(), 'nav-next', 'next', 'Next Story']] as [$target, $class, $rel, $label]) {
        if ($target) {
            $out .= sprintf('<div class="%s"><a href="%s" rel="%s"><span class="meta-nav">%s</span> '
                            . '<span class="post-title">%s</span></a></div>',
                            $class, esc_url(get_permalink($target)), $rel, $label, get_the_title($target));
        }
    }
    return '<nav class="navigation post-navigation" aria-label="Posts">' . "\n"
        . '<h2 class="screen-reader-text">Post navigation</h2>' . "\n"
        . '<div class="nav-links">' . $out . "</div>\n</nav>\n";
}

function asianlite_teasers($posts, $item_class) {
    $out = [];
    foreach ($posts as $post) {
        $out[] = sprintf('<div class="%s"><h3>%s</h3><p class="excerpt">%s</p></div>',
                         $item_class, asianlite_post_link($post), esc_html(asianlite_teaser($post)));
    }
    return implode("\n", $out);
}

function asianlite_latest_from($post) {
    $primary = asianlite_primary_category($post);
    $posts = $primary ? asianlite_newest_in($primary->term_id, ASIANLITE_LATEST_FROM, $post->ID) : [];
    if (!$posts) {
        return '';
    }
    return '<section class="related-posts latest-from">' . "\n" . '<h2 class="section-title">Latest from '
        . sprintf('<a href="%s">%s</a></h2>', esc_url(get_category_link($primary)), esc_html($primary->name)) . "\n"
        . asianlite_teasers($posts, 'related-item') . "\n</section>\n";
}

function asianlite_dont_miss($post) {
    $term = get_category_by_slug(ASIANLITE_DONT_MISS_CATEGORY);
    $posts = $term ? asianlite_newest_in($term->term_id, ASIANLITE_DONT_MISS, $post->ID) : [];
    if (!$posts) {
        return '';
    }
    return '<section class="dont-miss">' . "\n" . '<h2 class="section-title">Don\'t Miss</h2>' . "\n"
        . asianlite_teasers($posts, 'dont-miss-item') . "\n</section>\n";
}

/** An ad slot at the top of the body, as the real site's ad plugin inserts one. */
add_filter('the_content', function ($content) {
    if (!is_singular('post') || !in_the_loop()) {
        return $content;
    }
    $ad = '<div class="code-block code-block-2 ad-slot" style="margin: 8px auto; text-align: center;">'
        . '<ins class="adsbygoogle" style="display:block" data-ad-client="ca-pub-0000000000000000" '
        . 'data-ad-slot="1234567891" data-ad-format="auto"></ins></div>';
    return $ad . "\n" . $content;
}, 20);
