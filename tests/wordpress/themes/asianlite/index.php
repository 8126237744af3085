<?php get_header(); ?>
