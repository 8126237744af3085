<?php get_header(); ?>
<main id="primary" class="site-main">
<?php if (is_archive()) : ?>
<header class="page-header"><?php the_archive_title('<h1 class="page-title">', '</h1>'); ?></header>
<?php endif; ?>
<?php if (have_posts()) : while (have_posts()) : the_post(); ?>
<article id="post-<?php the_ID(); ?>" <?php post_class(); ?>>
<header class="entry-header"><h2 class="entry-title"><a href="<?php the_permalink(); ?>" rel="bookmark"><?php the_title(); ?></a></h2>
<div class="entry-meta"><span class="posted-on"><?php echo asianlite_times(get_post()); ?></span> <span class="cat-links"><?php echo get_the_category_list(', '); ?></span></div></header>
<div class="entry-summary"><?php the_excerpt(); ?></div>
</article>
<?php endwhile; the_posts_pagination(); else : ?>
<section class="no-results"><p>Nothing found.</p></section>
<?php endif; ?>
</main>
<?php get_sidebar(); ?>
<?php get_footer(); ?>
