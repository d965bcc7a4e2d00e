package io.securityexport.testsupport;

import java.util.List;

/**
 * One axe-core rule a page breaks.
 *
 * @param id the rule, e.g. {@code label} or {@code color-contrast}
 * @param impact axe's severity: {@code minor}, {@code moderate}, {@code serious} or {@code critical}
 * @param help what the rule asks for, in one line
 * @param helpUrl where the rule is explained
 * @param targets one CSS selector per offending element (elements inside frames: the frame's selector first)
 */
public record AccessibilityViolation(String id, String impact, String help, String helpUrl, List<String> targets) {

    public AccessibilityViolation {
        targets = List.copyOf(targets);
    }

    /** What the admin console's tests refuse: a violation that blocks some users outright. */
    public boolean isSeriousOrCritical() {
        return "serious".equals(impact) || "critical".equals(impact);
    }

    @Override
    public String toString() {
        return impact + " " + id + ": " + help + " " + targets + " (" + helpUrl + ")";
    }
}
