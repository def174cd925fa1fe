"""Short function views: translate the request, call the store or a query, render."""
