"""viewflow's own msgids that appear on our pages, listed so that extraction sees them.

Our pages are built on viewflow's templates (the site shell and menu, the error pages), and a
few of its model labels reach our messages (a task's status). viewflow ships no Indonesian
catalogue. Django looks a msgid up in every catalogue it has merged, and ours
(locale/id/LC_MESSAGES/django.po) wins, so translating these msgids there is enough. But
``makemessages`` keeps only the msgids it finds in our sources: anything else it marks
obsolete ("#~"), and obsolete entries are not compiled. Naming them here keeps them alive.

This module is never imported; it only has to be read by ``makemessages``. Strings Django
itself already translates into Indonesian are left out on purpose ("Log out", "Log in",
"View site", "Page not found", "Server error", and every page under /accounts/: those are
rendered with the admin's registration templates, which come first in INSTALLED_APPS).
tests/test_translations.py checks that viewflow still uses each msgid named here, so an
upgrade that rewords one fails a test instead of silently showing English.
"""

from django.utils.translation import gettext_noop, pgettext_lazy

# viewflow/templates/viewflow/base_page.html and includes/site_menu.html: the site shell.
SHELL = (
    gettext_noop("Applications"),  # heading of the menu
    gettext_noop("Back"),  # menu link to a parent site
    gettext_noop("Login"),  # top bar, anonymous visitors
    gettext_noop("Profile"),  # menu, shown when a profile page is configured
)

# viewflow/templates/{400,403,404,500}.html: the error pages.
ERROR_PAGES = (
    gettext_noop("Bad Request"),
    gettext_noop("Access Forbidden"),
    gettext_noop("You are not logged in"),
    gettext_noop("%(user)s have no rights to access this page"),
    gettext_noop("Log in as another user"),
    gettext_noop("We're sorry, but the requested page could not be found."),
    gettext_noop(
        "There's been an error. It's been reported to the site administrators via email and "
        "should be fixed shortly. Thanks for your patience."
    ),
)

# viewflow/workflow/status.py: a task's status, shown when a decision comes too late
# ("This task has already been decided (%(status)s)").
TASK_STATUS = (
    pgettext_lazy("STATUS", "Assigned"),
    pgettext_lazy("STATUS", "Canceled"),
    pgettext_lazy("STATUS", "Done"),
    pgettext_lazy("STATUS", "Error"),
    pgettext_lazy("STATUS", "New"),
    pgettext_lazy("STATUS", "Revived"),
    pgettext_lazy("STATUS", "Scheduled"),
    pgettext_lazy("STATUS", "Started"),
)

# viewflow/workflow/apps.py, models.py and admin.py: its models in the Django admin.
ADMIN = (
    gettext_noop("Workflow"),
    gettext_noop("Process"),
    gettext_noop("Process list"),
    gettext_noop("Task"),
    gettext_noop("Tasks"),
    gettext_noop("Flow"),
    gettext_noop("flow"),
    gettext_noop("Status"),
    gettext_noop("Created"),
    gettext_noop("Assigned"),
    gettext_noop("Started"),
    gettext_noop("Finished"),
    gettext_noop("Scheduled"),
    gettext_noop("Token"),
    gettext_noop("Type"),
    gettext_noop("Previous"),
    gettext_noop("Owner"),
    gettext_noop("Permission"),
    gettext_noop("External Task ID"),
)
