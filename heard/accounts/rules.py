"""Who may use the account pages (heard.core.access): anyone with a staff role, or who may open
the Django admin."""

from heard.accounts.policy import is_staff_account
from heard.core.access import permission_add

permission_add("accounts.staff_account", is_staff_account)
