<!DOCTYPE html>
<html <?php language_attributes(); ?>>
<head>
<meta charset="<?php bloginfo('charset'); ?>">
<meta name="viewport" content="width=device-width, initial-scale=1">
<?php wp_head(); ?>
<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);} gtag('js', new Date());</script>
</head>
<body <?php body_class('has-sidebar'); ?>>
<?php wp_body_open(); ?>
<div id="page" class="site">
<a class="skip-link screen-reader-text" href="#content">Skip to content</a>
<header id="masthead" class="site-header">
<div class="top-bar"><span class="top-date"><?php echo esc_html(date_i18n('F j, Y')); ?></span><ul class="social-links"><li><a href="https://www.facebook.com/asianlite" rel="noopener">Facebook</a></li><li><a href="https://twitter.com/asianlitenews" rel="noopener">Twitter</a></li></ul></div>
<div class="site-branding"><a href="<?php echo esc_url(home_url('/')); ?>" rel="home"><img src="<?php echo esc_url(content_url('/uploads/2020/01/asianlite-logo.png')); ?>" alt="<?php bloginfo('name'); ?>"></a></div>
<nav id="site-navigation" class="main-navigation" aria-label="Main menu"><ul id="primary-menu" class="menu"><?php echo asianlite_menu(); ?></ul></nav>
<div class="breaking-news"><span class="breaking-title">Breaking</span><ul class="ticker"><?php echo asianlite_ticker(); ?></ul></div>
</header>
<div id="content" class="site-content">
<div class="container">
