"""axe-core in a real page, for every browser test that checks accessibility: WCAG 2.1 A and AA rules,
from the npm dev dependency (package.json). The page's context must bypass the site's CSP
(`browser.new_context(bypass_csp=True)`): axe is injected inline."""

import pytest

from tests.sites import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

RUN = """async ([tags, ignored]) => {
    const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
    const kept = (rule, node) => {
        const element = node.target.length === 1 ? document.querySelector(node.target[0]) : null;
        return !ignored.some(([id, selector]) => id === rule && element !== null && element.matches(selector));
    };
    return result.violations
        .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.filter(node => kept(v.id, node)).map(node => node.target.join(' '))}))
        .filter(v => v.nodes.length > 0);
}"""


def axe_violations(page, ignore=()):
    """[(rule id, impact, [targets of its first five nodes])] on the page as it is now.

    `ignore`: (rule id, CSS selector) pairs for markup we cannot change: that one rule is not reported
    on elements matching that selector, every other rule still is. Name the upstream issue beside each."""
    if not AXE.is_file():
        pytest.fail("axe-core is missing: npm install (package.json lists it as a devDependency)")
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(RUN, [WCAG, [list(pair) for pair in ignore]])
    return [(v["id"], v["impact"], v["nodes"][:5]) for v in violations]
