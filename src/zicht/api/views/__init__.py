"""The API's views: thin shells that read input, call one entry point and render."""
