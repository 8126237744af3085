</div><!-- .container -->
</div><!-- #content -->
<a href="#page" class="go-to-top" aria-label="Back to top">Go to<span>Top</span></a>
<?php if (is_singular('post')) { echo asianlite_dont_miss(get_post()); } ?>
<footer id="colophon" class="site-footer">
<div class="footer-widgets"><p>Asian Lite is the UK&#8217;s leading newspaper for British Asians.</p></div>
<div class="site-info">&copy; <?php echo esc_html(date_i18n('Y')); ?> Asian Lite News. All rights reserved. <a href="<?php echo esc_url(home_url('/privacy-policy')); ?>">Privacy Policy</a></div>
</footer>
</div><!-- #page -->
<?php wp_footer(); ?>
</body>
</html>
