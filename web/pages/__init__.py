"""The page routes, one module per area. Every route here checks the role (web.session.page_user),
except the sign-in page itself and the API reference pages, which are public."""

from web.pages import docs, home, placeholders, sign_in

__all__ = ["docs", "home", "placeholders", "sign_in"]
