"""Plans views: thin adapters over the plans services and selectors."""
