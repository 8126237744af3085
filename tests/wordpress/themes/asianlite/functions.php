<?php
/**
 * Asian Lite test theme: helpers shared by the templates.
 *
 * Co-authors come from the post meta _coauthors (a JSON list of display names; a plugin does
 * this on the real site), reading time from _reading_minutes, the primary category from
 * _primary_category (see mu-plugins/asianlite-primary-category.php). The child theme
 * asianlite-plain defines ASIANLITE_PLAIN to leave out OpenGraph, article:* and JSON-LD.
 */

const ASIANLITE_MENU = ['top-news', 'uk-news', 'india-news', 'asia-news', 'arab-news', 'lite-blogs'];
const ASIANLITE_LATEST_FROM = 3;
const ASIANLITE_DONT_MISS = 2;
const ASIANLITE_DONT_MISS_CATEGORY = 'feature-story';

add_action('after_setup_theme', function () {
    add_theme_support('title-tag');
    add_theme_support('automatic-feed-links');
    add_theme_support('html5', ['search-form', 'gallery', 'caption', 'style', 'script']);
});

/** Display names of the post's authors (co-authors first, else the WordPress author). */
function asianlite_authors($post = null) {
    $post = get_post($post);
    $co = json_decode((string) get_post_meta($post->ID, '_coauthors', true), true);
    if (is_array($co) && $co) {
        return $co;
    }
    return [get_the_author_meta('display_name', $post->post_author)];
}

/** The primary category (the one in the permalink) as a WP_Term. */
function asianlite_primary_category($post = null) {
    $post = get_post($post);
    $term = get_term((int) get_post_meta($post->ID, '_primary_category', true), 'category');
    if ($term instanceof WP_Term) {
        return $term;
    }
    $cats = get_the_category($post->ID);
    return $cats ? $cats[0] : null;
}

/** True when the post was edited after publication (then "updated" is shown). */
function asianlite_was_edited($post = null) {
    return get_post_modified_time('U', true, $post) > get_post_time('U', true, $post);
}

/** The first image of the body: [src, caption or null]. */
function asianlite_first_image($post = null) {
    $content = get_post($post)->post_content;
    if (!preg_match('/<img[^>]+src="([^"]+)"/', $content, $img)) {
        return [null, null];
    }
    $caption = null;
    if (preg_match('/<img[^>]+src="' . preg_quote($img[1], '/') . '"[^>]*>\s*<figcaption[^>]*>(.*?)<\/figcaption>/s', $content, $cap)) {
        $caption = wp_strip_all_tags(html_entity_decode($cap[1], ENT_QUOTES | ENT_HTML5, 'UTF-8'));
    }
    return [$img[1], $caption];
}

/** The standfirst as plain text (meta description, og:description). */
function asianlite_description($post = null) {
    $post = get_post($post);
    if (!has_excerpt($post)) {
        return '';
    }
    return trim(wp_strip_all_tags(html_entity_decode($post->post_excerpt, ENT_QUOTES | ENT_HTML5, 'UTF-8')));
}

/** Newest published posts filed directly in $term_id, without $exclude. */
function asianlite_newest_in($term_id, $count, $exclude) {
    return get_posts([
        'category__in' => $term_id ? [$term_id] : [], 'numberposts' => $count,
        'post__not_in' => [$exclude], 'ignore_sticky_posts' => true,
        'orderby' => 'date', 'order' => 'DESC', 'post_status' => 'publish',
    ]);
}

/** A teaser line under a related post's title. */
function asianlite_teaser($post) {
    $text = has_excerpt($post) ? $post->post_excerpt : $post->post_content;
    return wp_trim_words(wp_strip_all_tags(excerpt_remove_blocks($text)), 30);
}

require __DIR__ . '/inc/meta.php';
require __DIR__ . '/inc/chrome.php';
