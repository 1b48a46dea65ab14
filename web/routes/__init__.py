"""HTTP routes, one module per area; each handler calls one service."""
