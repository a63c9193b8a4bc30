"""Signing in through the site's real forms as one of setup_demo's demo accounts (the README's table):
learners on the site's login page by e-mail, staff on Wagtail's login page by user name."""

DEMO_PASSWORD = "alpine-demo-2026"  # setup_demo's default (ELEARN_DEMO_PASSWORD unset)


def sign_in(page, site_url, email, next_path=""):
    page.goto(site_url + "/accounts/login/" + (f"?next={next_path}" if next_path else ""))
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()


def sign_in_to_admin(page, site_url, username):
    page.goto(site_url + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
