"""Chorus Desktop: deposit invoices on Chorus Pro from their PDF and follow them until payment."""

__version__ = "0.1.0"
APP_NAME = "Chorus Desktop"
APP_ID = "chorus-desktop"
ORGANIZATION = "Chorus Desktop"
