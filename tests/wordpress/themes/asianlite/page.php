<?php get_header(); the_post(); ?>
<main id="primary" class="site-main"><article id="post-<?php the_ID(); ?>" <?php post_class(); ?>><h1 class="entry-title"><?php the_title(); ?></h1><div class="entry-content"><?php the_content(); ?></div></article></main>
<?php get_sidebar(); ?>
<?php get_footer(); ?>
