"""Reviews show the change: what a submitted revision changes against the live version, and the
reviewer's approve / request-changes on the same screen."""
