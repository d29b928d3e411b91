"""Questions asked of a graph: inspection now; connectors, gaps and pathways build on it."""
