<?php
get_header();
the_post();
$post = get_post();
$primary = asianlite_primary_category($post);
?>
<nav class="breadcrumbs" aria-label="Breadcrumb"><a href="<?php echo esc_url(home_url('/')); ?>">Home</a> &raquo; <?php if ($primary) : ?><a href="<?php echo esc_url(get_category_link($primary)); ?>"><?php echo esc_html($primary->name); ?></a> &raquo; <?php endif; ?><span class="breadcrumb_last"><?php the_title(); ?></span></nav>
<main id="primary" class="site-main">
<article id="post-<?php the_ID(); ?>" <?php post_class(); ?>>
<header class="entry-header">
<div class="entry-meta"><span class="posted-on"><?php echo asianlite_times($post); ?></span> <?php echo asianlite_byline($post); ?> <span class="min-read"><?php echo (int) get_post_meta($post->ID, '_reading_minutes', true); ?> min read</span></div>
<h1 class="entry-title"><?php the_title(); ?></h1>
<?php if (has_excerpt()) : ?>
<div class="entry-excerpt"><?php the_excerpt(); ?></div>
<?php endif; ?>
</header>
<?php echo asianlite_share($post, 'top'); ?>
<div class="entry-content">
<?php the_content(); ?>
<?php echo asianlite_share($post, 'bottom'); ?>
</div><!-- .entry-content -->
<footer class="entry-footer"><span class="cat-links">Posted in <?php echo get_the_category_list(', '); ?></span><?php the_tags(' <span class="tags-links">Tagged ', ', ', '</span>'); ?></footer>
</article>
<?php echo asianlite_post_nav(); ?>
<?php echo asianlite_latest_from($post); ?>
</main>
<?php get_sidebar(); ?>
<?php get_footer(); ?>
