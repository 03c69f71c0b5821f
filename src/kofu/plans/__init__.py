"""Smoothing plans (交付円滑化計画), monthly reports, prefecture review, hearing selection."""
