"""The web pages for clerks, officials and inspectors. Thin: selectors to read, services to
write; domain errors become messages next to the fields they concern."""
