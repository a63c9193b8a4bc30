"""The LTI 1.3 tool (LTI Advantage, issue 17 point 1), on django-lti and pylti1p3.

- `models`: the platforms maintainers register (a proxy of django-lti's registration, so the admin and
  its permissions are ours), the grade links a launch creates and the score outbox.
- `launch`: check_* functions that validate an OIDC login or a launch and refuse with `LtiRefused`.
- `accounts`: the local account linked to a platform user (issuer + client id + sub).
- `targets`: where a launch lands (a kit or module, in a language) and what deep linking offers.
- `grades`: quiz results → the outbox (in the progress writer's transaction) → the platform's line item.
- `keys`: the tool's key set and its rotation.
Views only parse requests and call these (modules/lti/views.py).

Nothing here imports at package level, so `modules.models` can import `lti.models` safely."""
