"""Live interoperability doors (docs/design.md §11, issue 17): learning records sent to an external
LRS as xAPI statements (`statements` builds them, `outbox` stores them in the same transaction as the
progress they describe, `sender` delivers them with retries), and cmi5 course packages built from a
release manifest (`cmi5`).

Nothing here imports at package level, so `modules.models` can import `interop.models` safely."""
