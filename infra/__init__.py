"""Infrastructure: settings, the database (embedded or external), migrations, stores."""
