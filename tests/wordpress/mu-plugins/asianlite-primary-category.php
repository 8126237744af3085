<?php
/**
 * Plugin Name: Asian Lite primary category (test harness)
 * Description: The %category% of a permalink is the post's primary category (post meta
 * _primary_category, a term id), as Yoast SEO's primary category does on the real site;
 * without it WordPress would take the category with the lowest term id.
 */

add_filter('post_link_category', function ($category, $categories, $post) {
    $primary = (int) get_post_meta($post->ID, '_primary_category', true);
    foreach ($categories as $candidate) {
        if ((int) $candidate->term_id === $primary) {
            return $candidate;
        }
    }
    return $category;
}, 10, 3);
