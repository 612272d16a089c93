package org.sluice.http;

import java.nio.charset.StandardCharsets;
import java.util.BitSet;
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
 * @param cookies the {@code CO=} settings, unexpanded: {@code name:value:domain[:lifetime[:path...]]}
 * @param maxRounds {@code N=max}: how many rounds the rules may take (httpd's 32000 by default)
 * @param escaping {@code B}: how back-references are escaped; null for not at all
 * @param at where the rule was written
 */
record RewriteRule(String source, Pattern regex, boolean negated, String substitution,
                   List<RewriteCondition> conditions, Set<Flag> flags, int status, List<String> env, String type,
                   String handler, int skip, List<String> cookies, int maxRounds, Escaping escaping,
                   ConfigLocation at) {

    /** httpd's REWRITE_MAX_ROUNDS: the rounds {@code N} may take without {@code =max}. */
    static final int MAX_ROUNDS = 32000;

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
        /** {@code P}: the result is a URL the proxy module fetches (implies {@code L}). */
        PROXY,
        /** {@code R}: an external redirect. */
        REDIRECT,
        /** {@code F}, {@code G} or {@code R=} with a status that is no redirect: the response's status. */
        STATUS,
        /** {@code N}: once applied, the rules start again from the first, with the path as rewritten. */
        NEXT
    }

    /**
     * The {@code B} flags: how a back-reference is escaped before it goes into the
     * substitution, as httpd's {@code escape_backref} does it, byte by byte: letters, digits and
     * {@code _} stay, a blank becomes {@code +} (without {@code BNP}), the others {@code %xx}.
     *
     * @param only {@code B=chars}: only those bytes are escaped (with {@code BCTLS} the controls
     *         too); null for all
     * @param except {@code BNE=chars}: bytes never escaped; null for none
     * @param noPlus {@code BNP}: a blank is {@code %20}
     * @param controls {@code BCTLS}: without {@code B=chars}, only the controls and the blank
     */
    record Escaping(BitSet only, BitSet except, boolean noPlus, boolean controls) {

        /** The bytes of {@code chars} (as UTF-8), for {@code only} and {@code except}; null for none. */
        static BitSet bytes(String chars) {
            if (chars == null || chars.isEmpty()) {
                return null;
            }
            BitSet set = new BitSet(256);
            for (byte b : chars.getBytes(StandardCharsets.UTF_8)) {
                set.set(b & 0xff);
            }
            return set;
        }

        /** {@code reference} escaped. */
        String apply(String reference) {
            byte[] bytes = reference.getBytes(StandardCharsets.UTF_8);
            StringBuilder out = new StringBuilder(bytes.length + 16);
            byte[] raw = new byte[4];
            int pending = 0;
            for (byte b : bytes) {
                int c = b & 0xff;
                boolean escape = (controls ? c <= ' ' || c == 0x7f : only == null) || only != null && only.get(c);
                if (escape && (except == null || !except.get(c))
                        && !(c < 0x80 && (Character.isLetterOrDigit(c) || c == '_'))) {
                    pending = flush(out, raw, pending);
                    if (c == ' ' && !noPlus) {
                        out.append('+');
                    } else {
                        out.append('%').append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
                    }
                } else if (c < 0x80) {
                    pending = flush(out, raw, pending);
                    out.append((char) c);
                } else {
                    // a byte of a character that stays: kept until the character is whole
                    if (pending == raw.length) {
                        pending = flush(out, raw, pending);
                    }
                    raw[pending++] = b;
                }
            }
            flush(out, raw, pending);
            return out.toString();
        }

        private static int flush(StringBuilder out, byte[] raw, int pending) {
            if (pending > 0) {
                out.append(new String(raw, 0, pending, StandardCharsets.UTF_8));
            }
            return 0;
        }
    }

    boolean has(Flag flag) {
        return flags.contains(flag);
    }
}
