"""launchready: a product domain on Cloudflare, declared once, planned offline, proven from the outside."""

__version__ = "0.1.0"
