"""Drawing a graph as an interactive map (the map issue fills this in)."""
