<?php get_header(); ?>
<main id="primary" class="site-main"><section class="error-404 not-found"><h1 class="page-title">Oops! That page can&rsquo;t be found.</h1><p>It looks like nothing was found at this location.</p></section></main>
<?php get_sidebar(); ?>
<?php get_footer(); ?>
