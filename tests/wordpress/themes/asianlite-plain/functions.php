<?php
/**
 * Asian Lite Plain: the Asian Lite theme without OpenGraph, article:* meta and JSON-LD
 * (a child theme: WordPress loads this file before the parent's functions.php).
 */
define('ASIANLITE_PLAIN', true);
