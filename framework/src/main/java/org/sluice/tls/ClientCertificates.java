package org.sluice.tls;

import java.math.BigInteger;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/** mod_ssl's {@code SSL_CLIENT_*} variables of a client certificate, in its formats. */
final class ClientCertificates {

    /** OpenSSL's {@code ASN1_TIME_print}: {@code Nov  8 12:00:00 2026 GMT}. */
    private static final DateTimeFormatter OPENSSL_TIME =
            DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss yyyy 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private ClientCertificates() {
    }

    /** The variable {@code SSL_CLIENT_<name>} of {@code certificate}, or null. */
    static String variable(X509Certificate certificate, String name) {
        return switch (name) {
            case "S_DN" -> certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
            case "I_DN" -> certificate.getIssuerX500Principal().getName(X500Principal.RFC2253);
            case "M_SERIAL" -> serial(certificate.getSerialNumber());
            case "M_VERSION" -> Integer.toString(certificate.getVersion());
            case "V_START" -> OPENSSL_TIME.format(certificate.getNotBefore().toInstant());
            case "V_END" -> OPENSSL_TIME.format(certificate.getNotAfter().toInstant());
            case "V_REMAIN" -> Long.toString(Math.max(0,
                    Duration.between(java.time.Instant.now(), certificate.getNotAfter().toInstant()).toDays()));
            case "A_SIG" -> signatureAlgorithm(certificate.getSigAlgName());
            case "A_KEY" -> keyAlgorithm(certificate.getPublicKey().getAlgorithm());
            case "CERT" -> pem(certificate);
            default -> {
                if (name.startsWith("S_DN_")) {
                    yield part(certificate.getSubjectX500Principal(), name.substring(5));
                }
                if (name.startsWith("I_DN_")) {
                    yield part(certificate.getIssuerX500Principal(), name.substring(5));
                }
                yield null;
            }
        };
    }

    /** One attribute of a name ({@code CN}, {@code O}, {@code OU}, {@code C}, {@code ST}, {@code L}...); the first if repeated. */
    private static String part(X500Principal principal, String attribute) {
        try {
            for (Rdn rdn : new LdapName(principal.getName(X500Principal.RFC2253)).getRdns().reversed()) {
                if (rdn.getType().equalsIgnoreCase(attribute)) {
                    return rdn.getValue().toString();
                }
            }
        } catch (InvalidNameException e) {
            return null;
        }
        return null;
    }

    /** OpenSSL's {@code BN_bn2hex}: upper case, two digits a byte. */
    private static String serial(BigInteger serial) {
        String hex = serial.toString(16).toUpperCase(Locale.ROOT);
        return hex.length() % 2 == 0 ? hex : "0" + hex;
    }

    private static String signatureAlgorithm(String javaName) {
        return switch (javaName) {
            case "SHA256withRSA" -> "sha256WithRSAEncryption";
            case "SHA384withRSA" -> "sha384WithRSAEncryption";
            case "SHA512withRSA" -> "sha512WithRSAEncryption";
            case "SHA1withRSA" -> "sha1WithRSAEncryption";
            case "SHA256withECDSA" -> "ecdsa-with-SHA256";
            case "SHA384withECDSA" -> "ecdsa-with-SHA384";
            case "SHA512withECDSA" -> "ecdsa-with-SHA512";
            case "Ed25519" -> "ED25519";
            case "RSASSA-PSS" -> "rsassaPss";
            default -> javaName;
        };
    }

    private static String keyAlgorithm(String javaName) {
        return switch (javaName) {
            case "RSA" -> "rsaEncryption";
            case "EC" -> "id-ecPublicKey";
            case "Ed25519", "EdDSA" -> "ED25519";
            case "DSA" -> "dsaEncryption";
            default -> javaName;
        };
    }

    private static String pem(X509Certificate certificate) {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateEncodingException e) {
            return null;
        }
    }
}
