<?php
/**
 * Seeds a fresh WordPress database from a JSON plan (written by tests/wordpress/seeddata.py).
 *
 * Usage: php seed.php SITE_DIR PLAN.json REPORT.json
 *
 * SITE_DIR is the run's private WordPress tree (its wp-config.php names the database). Runs
 * wp_install(), sets the options (permalinks, timezone, reading), creates users, categories
 * (parents first), tags, then inserts every post with its planned id (import_id), sticks,
 * edits, trashes and deletes as planned. Writes REPORT.json: for every post still present,
 * the id, status, slug and permalink WordPress gave it, so the caller can check the plan held.
 */

if ($argc !== 4) {
    fwrite(STDERR, "usage: php seed.php SITE_DIR PLAN.json REPORT.json\n");
    exit(2);
}
[$script, $site_dir, $plan_file, $report_file] = $argv;
$plan = json_decode(file_get_contents($plan_file), true, 512, JSON_THROW_ON_ERROR);

define('WP_INSTALLING', true);
$_SERVER['HTTP_HOST'] = parse_url($plan['origin'], PHP_URL_HOST);
$_SERVER['REQUEST_URI'] = '/';
require $site_dir . '/wp-load.php';

// No mail from the install (there is no MTA in a test run).
function wp_new_blog_notification($blog_title, $blog_url, $user_id, $password) {}
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/taxonomy.php';

function fail($message) {
    fwrite(STDERR, "seed.php: $message\n");
    exit(1);
}

$site = $plan['site'];
$installed = wp_install($site['title'], 'admin', 'admin@example.invalid', false, '', 'admin-password');
$admin_id = $installed['user_id'];
wp_set_current_user($admin_id);
kses_remove_filters();

foreach ($site['options'] as $name => $value) {
    update_option($name, $value);
}
global $wp_rewrite;
$wp_rewrite->init();
$wp_rewrite->set_permalink_structure($site['options']['permalink_structure']);

// The install's sample content is not part of the plan.
foreach (get_posts(['post_type' => ['post', 'page'], 'post_status' => 'any', 'numberposts' => -1]) as $sample) {
    wp_delete_post($sample->ID, true);
}

$user_ids = [];
foreach ($plan['users'] as $user) {
    $id = wp_insert_user([
        'user_login' => $user['login'], 'user_pass' => 'password-' . $user['login'],
        'user_email' => $user['login'] . '@example.invalid', 'display_name' => $user['name'],
        'nickname' => $user['name'], 'user_nicename' => $user['login'], 'role' => 'author',
    ]);
    if (is_wp_error($id)) fail('user ' . $user['login'] . ': ' . $id->get_error_message());
    $user_ids[$user['login']] = $id;
}

$term_ids = [];
foreach ($plan['categories'] as $cat) {
    $parent = $cat['parent'] ? $term_ids[$cat['parent']] : 0;
    $made = wp_insert_term($cat['name'], 'category', ['slug' => $cat['slug'], 'parent' => $parent]);
    if (is_wp_error($made)) fail('category ' . $cat['slug'] . ': ' . $made->get_error_message());
    $term_ids[$cat['slug']] = $made['term_id'];
}
$tag_ids = [];
foreach ($plan['tags'] as $tag) {
    $made = wp_insert_term($tag['name'], 'post_tag', ['slug' => $tag['slug']]);
    if (is_wp_error($made)) fail('tag ' . $tag['slug'] . ': ' . $made->get_error_message());
    $tag_ids[$tag['slug']] = $made['term_id'];
}

foreach ($plan['pages'] as $page) {
    wp_insert_post(['post_type' => 'page', 'post_status' => 'publish', 'post_title' => $page['title'],
        'post_name' => $page['slug'], 'post_content' => $page['content'], 'post_author' => $admin_id,
        'post_date_gmt' => $page['date_gmt'], 'post_date' => get_date_from_gmt($page['date_gmt'])], true);
}

function insert_post($post, $version, $user_ids, $term_ids, $tag_ids) {
    $status = in_array($post['status'], ['draft', 'private', 'future'], true) ? $post['status'] : 'publish';
    $args = [
        'import_id' => $post['id'], 'post_type' => 'post', 'post_status' => $status,
        'post_title' => $post['title'], 'post_name' => $post['slug'],
        'post_content' => $version['content'], 'post_excerpt' => $version['excerpt'],
        'post_date_gmt' => $post['date_gmt'], 'post_date' => get_date_from_gmt($post['date_gmt']),
        'post_author' => $user_ids[$post['author']], 'comment_status' => 'closed', 'ping_status' => 'closed',
        'post_category' => array_map(fn($s) => $term_ids[$s], $post['categories']),
        'tags_input' => array_map(fn($s) => $tag_ids[$s], $post['tags']),
        'meta_input' => $post['meta'],
    ];
    $id = wp_insert_post(wp_slash($args), true);
    if (is_wp_error($id)) fail('post ' . $post['id'] . ': ' . $id->get_error_message());
    if ($id !== $post['id']) fail("post {$post['id']} got id $id");
    update_post_meta($id, '_primary_category', $term_ids[$post['primary']]);
    return $id;
}

foreach ($plan['posts'] as $post) {
    $id = insert_post($post, $post['versions'][0], $user_ids, $term_ids, $tag_ids);
    if (count($post['versions']) > 1) {
        $edit = $post['versions'][1];
        $done = wp_update_post(wp_slash(['ID' => $id, 'post_content' => $edit['content'],
                                          'post_excerpt' => $edit['excerpt']]), true);
        if (is_wp_error($done)) fail("edit $id: " . $done->get_error_message());
        // WordPress stamps an update with the wall clock; the plan fixes the edit time.
        $GLOBALS['wpdb']->update($GLOBALS['wpdb']->posts, [
            'post_modified_gmt' => $post['modified_gmt'],
            'post_modified' => get_date_from_gmt($post['modified_gmt']),
        ], ['ID' => $id]);
        clean_post_cache($id);
    }
    if (!empty($post['sticky'])) stick_post($id);
    if ($post['status'] === 'trash') wp_trash_post($id);
    if ($post['status'] === 'deleted') wp_delete_post($id, true);
}

// The category permastruct was registered at init, before permalinks were switched on, so
// rules built now would lack it: WordPress rebuilds them on the first request instead.
delete_option('rewrite_rules');

$report = [];
foreach (get_posts(['post_type' => 'post', 'post_status' => 'any', 'numberposts' => -1,
                    'orderby' => 'ID', 'order' => 'ASC']) as $post) {
    $report[] = [
        'id' => $post->ID, 'status' => $post->post_status, 'slug' => $post->post_name,
        'permalink' => get_permalink($post),
        'categories' => array_map(fn($t) => $t->name, get_the_category($post->ID)),
        'tags' => array_map(fn($t) => $t->name, get_the_tags($post->ID) ?: []),
        'modified_gmt' => $post->post_modified_gmt, 'date_gmt' => $post->post_date_gmt,
    ];
}
file_put_contents($report_file, json_encode($report, JSON_PRETTY_PRINT | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES));
echo count($report) . " posts seeded\n";
