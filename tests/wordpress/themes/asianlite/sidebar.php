<aside id="secondary" class="widget-area">
<section class="widget widget_search"><?php get_search_form(); ?></section>
<section class="widget widget_recent_entries"><h2 class="widget-title">Trending</h2><ul><?php
foreach (get_posts(['numberposts' => 4, 'offset' => 4, 'ignore_sticky_posts' => true]) as $trending) {
    echo '<li>' . asianlite_post_link($trending) . '</li>';
}
?></ul></section>
<section class="widget widget_block ad-widget"><a href="https://example-advertiser.invalid/" rel="sponsored"><img src="<?php echo esc_url(content_url('/uploads/2021/11/ad-300x250.jpg')); ?>" alt="Advertisement"></a></section>
</aside>
