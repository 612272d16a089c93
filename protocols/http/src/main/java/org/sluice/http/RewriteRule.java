package org.sluice.http;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.sluice.config.ConfigLocation;

/**
 * One {@code RewriteRule pattern substitution [flags]} and the {@code RewriteCond}s written
 * before it.
 *
 * @param source the pattern as written, without its {@code !}, for the log
 * @param regex the compiled pattern ({@code NC}: without case)
 * @param negated a leading {@code !}: the rule applies where the pattern does not match, with no {@code $N}
 * @param substitution what replaces the path; null for {@code -}
 * @param conditions the conditions, all of which (but those joined by {@code OR}) must hold
 * @param flags the flags without values
 * @param status the status of {@code R=} (302 by default), {@code F} (403) or {@code G} (410)
 * @param env the {@code E=} settings, unexpanded: {@code VAR:VAL}, {@code VAR} or {@code !VAR}
 * @param type {@code T=}, unexpanded, or null
 * @param handler {@code H=}, unexpanded, or null
 * @param skip {@code S=n}: rules to skip after this one applies
 * @param at where the rule was written
 */
record RewriteRule(String source, Pattern regex, boolean negated, String substitution,
                   List<RewriteCondition> conditions, Set<Flag> flags, int status, List<String> env, String type,
                   String handler, int skip, ConfigLocation at) {

    /** The flags that take no value, and what the substitution implies. */
    enum Flag {
        /** {@code L}: no rule after this one, in this round. */
        LAST,
        /** {@code END}: no rule after this one, nor in the rounds of internal redirects. */
        END,
        /** {@code C}: when this rule does not apply, neither do the chained rules after it. */
        CHAIN,
        /** {@code NC}. */
        NO_CASE,
        /** {@code QSA}: the substitution's query goes before the request's instead of replacing it. */
        QUERY_APPEND,
        /** {@code QSD}: the request's query is dropped. */
        QUERY_DISCARD,
        /** {@code QSL}: the last {@code ?} of the substitution starts its query, not the first. */
        QUERY_LAST,
        /** A substitution ending in {@code ?} without {@code QSA}: no query at all. */
        QUERY_NONE,
        /** {@code NE}: the redirect's URL is not %-escaped. */
        NO_ESCAPE,
        /** {@code PT}: the result is a URL path for the other translators (Alias) to map. */
        PASS_THROUGH,
        /** {@code DPI}: the path info is not added back to the path the next rules match. */
        DISCARD_PATH_INFO,
        /** {@code R}: an external redirect. */
        REDIRECT,
        /** {@code F}, {@code G} or {@code R=} with a status that is no redirect: the response's status. */
        STATUS
    }

    boolean has(Flag flag) {
        return flags.contains(flag);
    }
}
