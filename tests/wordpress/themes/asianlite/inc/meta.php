<?php
/**
 * Head metadata of single posts: description, OpenGraph, article:*, twitter and the JSON-LD
 * @graph (NewsArticle, ImageObject, Organization). WordPress core writes canonical and
 * shortlink itself. Titles are written as get_the_title() returns them (wptexturize entities,
 * e.g. &#8216;), once more escaped in twitter:title, as seen on real sites.
 */

add_action('wp_head', function () {
    if (!is_singular('post')) {
        return;
    }
    $post = get_post();
    $description = asianlite_description($post);
    if ($description !== '') {
        printf('<meta name="description" content="%s">' . "\n", esc_attr($description));
    }
    printf('<meta name="author" content="%s">' . "\n", esc_attr(asianlite_authors($post)[0]));
    if (defined('ASIANLITE_PLAIN')) {
        return;
    }
    asianlite_open_graph($post, $description);
    printf('<script type="application/ld+json">%s</script>' . "\n", asianlite_json_ld($post));
}, 5);

function asianlite_open_graph($post, $description) {
    $title = get_the_title($post);
    $lines = [
        ['property', 'og:locale', 'en_GB'], ['property', 'og:type', 'article'],
        ['property', 'og:title', $title], ['property', 'og:description', $description],
        ['property', 'og:url', get_permalink($post)], ['property', 'og:site_name', get_bloginfo('name')],
    ];
    $primary = asianlite_primary_category($post);
    if ($primary) {
        $lines[] = ['property', 'article:section', $primary->name];
    }
    foreach (get_the_tags($post->ID) ?: [] as $tag) {
        $lines[] = ['property', 'article:tag', $tag->name];
    }
    $lines[] = ['property', 'article:published_time', get_the_date('c', $post)];
    if (asianlite_was_edited($post)) {
        $lines[] = ['property', 'article:modified_time', get_the_modified_date('c', $post)];
    }
    [$image] = asianlite_first_image($post);
    if ($image) {
        $lines[] = ['property', 'og:image', $image];
    }
    $lines[] = ['name', 'twitter:card', 'summary_large_image'];
    foreach ($lines as [$kind, $name, $value]) {
        if ($value !== '') {
            printf('<meta %s="%s" content="%s">' . "\n", $kind, $name, esc_attr($value));
        }
    }
    printf('<meta name="twitter:title" content="%s">' . "\n", htmlspecialchars($title, ENT_QUOTES));
}

function asianlite_json_ld($post) {
    $home = home_url('/');
    $canonical = get_permalink($post);
    $authors = array_map(fn($name) => ['name' => $name, '@id' => $home . '#/schema/person/' . dechex(crc32($name) % 65536)],
                         asianlite_authors($post));
    $article = [
        '@type' => 'NewsArticle', '@id' => $canonical . '#article', 'isPartOf' => ['@id' => $canonical],
        'author' => count($authors) === 1 ? $authors[0] : $authors,
        'headline' => get_the_title($post), 'datePublished' => get_the_date('c', $post),
    ];
    if (asianlite_was_edited($post)) {
        $article['dateModified'] = get_the_modified_date('c', $post);
    }
    $article += [
        'mainEntityOfPage' => ['@id' => $canonical],
        'wordCount' => str_word_count(wp_strip_all_tags(get_the_content(null, false, $post))),
        'publisher' => ['@id' => $home . '#organization'],
        'keywords' => array_map(fn($t) => $t->name, get_the_tags($post->ID) ?: []),
        'articleSection' => array_map(fn($t) => $t->name, get_the_category($post->ID)),
        'inLanguage' => 'en-GB',
    ];
    $graph = [&$article];
    [$image, $caption] = asianlite_first_image($post);
    if ($image) {
        $article['image'] = ['@id' => $canonical . '#primaryimage'];
        $object = ['@type' => 'ImageObject', '@id' => $canonical . '#primaryimage', 'url' => $image];
        if ($caption) {
            $object['caption'] = $caption;
        }
        $graph[] = $object;
    }
    $graph[] = ['@type' => 'Organization', '@id' => $home . '#organization',
                'name' => get_bloginfo('name'), 'url' => $home];
    return str_replace('</', '<\/', wp_json_encode(['@context' => 'https://schema.org', '@graph' => $graph],
                                                    JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE));
}
