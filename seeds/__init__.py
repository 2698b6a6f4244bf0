"""Report texts and their manifest (data only; see manifest.toml)."""
