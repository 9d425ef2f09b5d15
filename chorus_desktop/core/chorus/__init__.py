"""Chorus Pro API client (PISTE): environments, HTTP, OAuth2, endpoints, and the deposit/sync use cases."""
