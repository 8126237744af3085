"""The run's private WordPress tree: Debian's WordPress, our own wp-config.php and wp-content.

Debian's ``/usr/share/wordpress/wp-config.php`` picks ``/etc/wordpress/config-<host>.php`` by
Host name, which parallel runs would fight over. Instead every run gets a small directory:

* the top-level ``*.php`` files of ``/usr/share/wordpress`` **copied** (PHP resolves symlinks
  in ``__FILE__``, and ``wp-load.php`` finds ``wp-config.php`` next to itself);
* ``wp-admin/`` and ``wp-includes/`` **symlinked** (they locate files through ``ABSPATH``);
* our ``wp-config.php``: the run's MariaDB socket, ``WP_HOME``/``WP_SITEURL`` = the run's
  origin, no cron, no revisions, no outgoing HTTP (``WP_HTTP_BLOCK_EXTERNAL``);
* ``wp-content/``: ``themes/`` with Debian's twentytwentyone/twentytwentythree and our themes
  (symlinks into ``tests/wordpress/themes``), ``mu-plugins/`` (ours), an empty ``uploads/``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

WORDPRESS = Path("/usr/share/wordpress")
HERE = Path(__file__).resolve().parent
OUR_THEMES = HERE / "themes"
MU_PLUGINS = HERE / "mu-plugins"
DEBIAN_THEMES = ("twentytwentyone", "twentytwentythree")
THEMES = ("asianlite", "asianlite-plain", *DEBIAN_THEMES)

WP_CONFIG = """<?php
/* Written by tests/wordpress/tree.py for one harness run. */
define('DB_NAME', 'wordpress');
define('DB_USER', 'root');
define('DB_PASSWORD', '');
define('DB_HOST', 'localhost:{socket}');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
define('WP_HOME', '{origin}');
define('WP_SITEURL', '{origin}');
define('WP_CONTENT_DIR', __DIR__ . '/wp-content');
define('DISABLE_WP_CRON', true);
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_AUTO_UPDATE_CORE', false);
define('WP_POST_REVISIONS', false);
define('WP_DEBUG', false);
define('WP_ENVIRONMENT_TYPE', 'local');
foreach (['AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT',
          'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT'] as $key) {{
    define($key, 'asianlite-archive-test-harness-' . $key);
}}
$table_prefix = 'wp_';
if (!defined('ABSPATH')) {{
    define('ABSPATH', __DIR__ . '/');
}}
require_once ABSPATH . 'wp-settings.php';
"""


def wordpress_installed() -> bool:
    return (WORDPRESS / "wp-settings.php").exists() and all(
        (WORDPRESS / "wp-content" / "themes" / t).is_dir() for t in DEBIAN_THEMES)


def build_tree(site_dir: Path, origin: str, socket: Path) -> Path:
    """Create the private tree in ``site_dir`` (must not exist yet); return it."""
    site_dir.mkdir(parents=True)
    for entry in WORDPRESS.iterdir():
        if entry.name == "wp-config.php" or entry.name == "wp-content":
            continue
        if entry.is_dir():
            (site_dir / entry.name).symlink_to(entry)
        else:
            shutil.copy2(entry, site_dir / entry.name)
    (site_dir / "wp-config.php").write_text(WP_CONFIG.format(socket=socket, origin=origin))
    content = site_dir / "wp-content"
    (content / "themes").mkdir(parents=True)
    (content / "uploads").mkdir()
    for theme in DEBIAN_THEMES:
        (content / "themes" / theme).symlink_to(WORDPRESS / "wp-content" / "themes" / theme)
    for theme in OUR_THEMES.iterdir():
        (content / "themes" / theme.name).symlink_to(theme)
    (content / "mu-plugins").symlink_to(MU_PLUGINS)
    return site_dir
