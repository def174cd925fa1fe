"""Case work in the browser: worklists, the case page and every step of the lifecycle."""
