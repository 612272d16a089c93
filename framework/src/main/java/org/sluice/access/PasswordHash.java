package org.sluice.access;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.IllegalBCryptFormatException;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Pattern;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.commons.codec.digest.Md5Crypt;
import org.apache.commons.codec.digest.Sha2Crypt;
import org.apache.commons.codec.digest.UnixCrypt;

/**
 * A password hash as Apache's {@code htpasswd} writes it, and the check of a password against
 * it ({@code apr_password_validate} on Unix): bcrypt {@code $2y$} (also {@code $2a$},
 * {@code $2b$}), APR1-MD5 {@code $apr1$}, SHA-1 {@code {SHA}}, and crypt(3): MD5
 * {@code $1$}, SHA-256 {@code $5$}, SHA-512 {@code $6$} and traditional DES. As on Unix
 * Apache, a plain-text password is not accepted: text that is none of these is not a hash.
 * Hashes are compared in constant time.
 */
enum PasswordHash {
    BCRYPT("bcrypt"),
    APR1("APR1-MD5"),
    SHA1("SHA-1"),
    MD5_CRYPT("MD5-crypt"),
    SHA256_CRYPT("SHA-256-crypt"),
    SHA512_CRYPT("SHA-512-crypt"),
    DES_CRYPT("crypt");

    private static final Pattern DES = Pattern.compile("[./0-9A-Za-z]{13}");
    private static final Pattern BCRYPT_FORMAT = Pattern.compile("\\$2[abxy]\\$\\d\\d\\$[./0-9A-Za-z]{53}");

    private final String label;

    PasswordHash(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /** The kind of {@code hash}, or null if it is none Apache would accept on Unix. */
    static PasswordHash of(String hash) {
        if (hash.startsWith("$2")) {
            return BCRYPT_FORMAT.matcher(hash).matches() ? BCRYPT : null;
        }
        if (hash.startsWith("$apr1$")) {
            return APR1;
        }
        if (hash.startsWith("{SHA}")) {
            return SHA1;
        }
        if (hash.startsWith("$1$")) {
            return MD5_CRYPT;
        }
        if (hash.startsWith("$5$")) {
            return SHA256_CRYPT;
        }
        if (hash.startsWith("$6$")) {
            return SHA512_CRYPT;
        }
        return DES.matcher(hash).matches() ? DES_CRYPT : null;
    }

    /** Whether {@code password} hashes to {@code hash}, which must be of this kind. */
    boolean matches(String password, String hash) {
        byte[] key = password.getBytes(StandardCharsets.UTF_8);
        try {
            return switch (this) {
                case BCRYPT -> bcrypt(key, hash);
                case APR1 -> same(Md5Crypt.apr1Crypt(key, hash), hash);
                case SHA1 -> same("{SHA}" + Base64.getEncoder().encodeToString(DigestUtils.sha1(key)), hash);
                case MD5_CRYPT -> same(Md5Crypt.md5Crypt(key, hash), hash);
                case SHA256_CRYPT -> same(Sha2Crypt.sha256Crypt(key, hash), hash);
                case SHA512_CRYPT -> same(Sha2Crypt.sha512Crypt(key, hash), hash);
                // crypt(3) DES uses only the first eight characters, as Apache's does.
                case DES_CRYPT -> same(UnixCrypt.crypt(key, hash), hash);
            };
        } catch (IllegalArgumentException e) {
            // A hash with a malformed salt never matches.
            return false;
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private static boolean bcrypt(byte[] key, String hash) {
        byte[] stored = hash.getBytes(StandardCharsets.US_ASCII);
        BCrypt.HashData expected;
        try {
            expected = BCrypt.Version.VERSION_2A.parser.parse(stored);
        } catch (IllegalBCryptFormatException e) {
            return false;
        }
        // crypt_blowfish, which Apache uses, reads at most 72 bytes of the password.
        BCrypt.HashData actual = BCrypt.with(expected.version, LongPasswordStrategies.truncate(expected.version))
                .hashRaw(expected.cost, expected.rawSalt, key.clone());
        return MessageDigest.isEqual(expected.rawHash, actual.rawHash);
    }

    private static boolean same(String computed, String stored) {
        return MessageDigest.isEqual(computed.getBytes(StandardCharsets.UTF_8), stored.getBytes(StandardCharsets.UTF_8));
    }
}
