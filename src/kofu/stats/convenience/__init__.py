"""コンビニ交付 (seed 004 p.16–17): participating municipalities, the table by prefecture, yearly volumes."""
