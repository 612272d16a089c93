package org.sluice.access;

import java.util.ArrayList;
import java.util.List;
import org.sluice.config.ConfigLocation;
import org.sluice.config.MethodSet;

/**
 * A parsed {@code Require} line or {@code <RequireAll|Any|None>} block (Apache's
 * {@code authz_section_conf}), immutable once the configuration is read.
 */
sealed interface Requirement {

    boolean negated();

    /** The request methods it applies to: its {@code <Limit>}, or for a block its rules' together. */
    MethodSet methods();

    ConfigLocation location();

    /** How the configuration wrote it, for logs: {@code Require ip 10.1}, {@code <RequireAll>}. */
    String describe();

    /** A {@code Require [not] provider args} line. */
    record Rule(String provider, String arguments, boolean negated, MethodSet methods, ConfigLocation location,
                Check check) implements Requirement {

        @Override
        public String describe() {
            return "Require " + (negated ? "not " : "") + provider + (arguments.isEmpty() ? "" : " " + arguments);
        }
    }

    /**
     * A block: {@code all} true for AND ({@code <RequireAll>}, {@code <RequireNone>} is ANY
     * negated). {@code merged} marks the block {@code AuthMerging} made of a parent's and a
     * child's rules. It applies to the methods any of its rules applies to.
     */
    record Block(boolean all, boolean negated, boolean merged, ConfigLocation location, List<Requirement> children,
                 MethodSet methods) implements Requirement {

        public Block {
            children = List.copyOf(children);
        }

        Block(boolean all, boolean negated, boolean merged, ConfigLocation location, List<Requirement> children) {
            this(all, negated, merged, location, children, methodsOf(children));
        }

        private static MethodSet methodsOf(List<Requirement> children) {
            MethodSet methods = MethodSet.none();
            for (Requirement child : children) {
                methods = methods.or(child.methods());
            }
            return methods;
        }

        /** The implicit block of a section's top-level {@code Require} lines. */
        static Block implicit(ConfigLocation location) {
            return new Block(false, false, false, location, List.of());
        }

        Block with(Requirement child) {
            List<Requirement> more = new ArrayList<>(children);
            more.add(child);
            return new Block(all, negated, merged, location, more);
        }

        Block withAll(List<Requirement> added) {
            List<Requirement> more = new ArrayList<>(children);
            more.addAll(added);
            return new Block(all, negated, merged, location, more);
        }

        @Override
        public String describe() {
            String kind = all ? (negated ? "NotAll" : "All") : (negated ? "None" : "Any");
            return merged ? "AuthMerging " + (all ? "And" : "Or") : "<Require" + kind + ">";
        }
    }

    /** The parsed test of one provider. */
    @FunctionalInterface
    interface Check {
        AuthzResult check(AuthzContext context);
    }

    /** The outcome of evaluating a tree, with the rule that decided it (for the log). */
    record Outcome(AuthzResult result, Requirement decidedBy) {
    }

    /** Apache's {@code apply_authz_sections} for a section's rules. */
    static Outcome evaluate(Block requirements, AuthzContext context) {
        return evaluate(requirements, context, true);
    }

    /**
     * One rule or block; {@code inAll} tells whether it stands in a {@code <RequireAll>}-like
     * block (or at the top), where a rule for other methods than the request's passes, as it
     * does not count in a {@code <RequireAny>}-like one.
     */
    private static Outcome evaluate(Requirement requirement, AuthzContext context, boolean inAll) {
        if (!requirement.methods().contains(context.method())) {
            return new Outcome(inAll ? AuthzResult.GRANTED : AuthzResult.NEUTRAL, requirement);
        }
        Outcome outcome;
        if (requirement instanceof Rule rule) {
            AuthzResult result;
            try {
                result = rule.check().check(context);
            } catch (AuthzContext.GroupLookupException e) {
                result = AuthzResult.GENERAL_ERROR;
            }
            outcome = new Outcome(result, rule);
        } else {
            Block block = (Block) requirement;
            outcome = new Outcome(AuthzResult.NEUTRAL, block);
            for (Requirement child : block.children()) {
                Outcome childOutcome = evaluate(child, context, block.all());
                AuthzResult c = childOutcome.result();
                AuthzResult current = outcome.result();
                if (c == AuthzResult.GENERAL_ERROR) {
                    return childOutcome;
                }
                if (c == AuthzResult.NEUTRAL) {
                    continue;
                }
                // DENIED_NO_USER wins over DENIED only where supplying a user could change the result.
                if (block.all()) {
                    if (c == AuthzResult.DENIED) {
                        outcome = childOutcome;
                        break;
                    }
                    if ((c == AuthzResult.DENIED_NO_USER && current != AuthzResult.DENIED)
                            || current == AuthzResult.NEUTRAL) {
                        outcome = childOutcome;
                    }
                } else {
                    if (c == AuthzResult.GRANTED) {
                        outcome = childOutcome;
                        break;
                    }
                    if ((c == AuthzResult.DENIED_NO_USER && current == AuthzResult.DENIED)
                            || current == AuthzResult.NEUTRAL) {
                        outcome = childOutcome;
                    }
                }
            }
        }
        if (requirement.negated()) {
            AuthzResult r = outcome.result();
            if (r == AuthzResult.GRANTED) {
                outcome = new Outcome(AuthzResult.DENIED, requirement);
            } else if (r == AuthzResult.DENIED || r == AuthzResult.DENIED_NO_USER) {
                // Not being rejected by a rule is no reason to grant access.
                outcome = new Outcome(AuthzResult.NEUTRAL, requirement);
            }
        }
        return outcome;
    }
}
