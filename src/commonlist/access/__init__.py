"""Who may do what: users, roles, principals, passwords, API tokens, web sessions."""
