"""The web pages for clerks and officials (the inspector's are in inspection/). Thin:
selectors to read, services to write; domain errors become messages next to the fields they
concern."""
