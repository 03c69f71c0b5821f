"""The 男女・年齢別 table (age × sex): import, table, pyramid chart."""
