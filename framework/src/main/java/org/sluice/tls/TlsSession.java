package org.sluice.tls;

import org.sluice.connection.Note;

/**
 * What the TLS handshake of a connection agreed on: {@link org.sluice.connection.Connection#tls()}
 * gives it once the handshake is done, before the protocol handler runs, and null on a
 * connection in plain text. The names are those of mod_ssl's variables, which protocols hand on
 * to users ({@code SSL_PROTOCOL}, {@code SSL_CIPHER}, {@code SSL_TLS_SNI}, {@code SSL_SESSION_ID}).
 *
 * @param protocol the protocol version, as {@code TLSv1.3}
 * @param cipherSuite the cipher suite in OpenSSL's name, as mod_ssl gives it
 *                    ({@code TLS_AES_128_GCM_SHA256}, {@code ECDHE-RSA-AES256-GCM-SHA384})
 * @param cipherBits the secret key size of the cipher in bits
 * @param serverName the host name the client sent by SNI, lower-cased; null if it sent none
 * @param sessionId the session's identifier in hexadecimal (empty if it has none)
 * @param clientVerify what became of the client's certificate, as mod_ssl's
 *                     {@code SSL_CLIENT_VERIFY} says: {@code NONE} (none was asked for or
 *                     sent), {@code SUCCESS} (the CAs vouch for it), {@code GENEROUS} (taken
 *                     under {@code SSLVerifyClient optional_no_ca} though they do not)
 * @param clientCertificate the client's certificate, or null
 */
public record TlsSession(String protocol, String cipherSuite, int cipherBits, String serverName, String sessionId,
                         String clientVerify, java.security.cert.X509Certificate clientCertificate) {

    /**
     * Set on a connection to a TLS address whose client spoke in plain text instead of starting
     * a handshake. Only a protocol whose handler {@linkplain
     * org.sluice.connection.ConnectionHandler#answersPlaintextOnTls() says it answers such
     * clients} sees the connection, so it can tell the client in plain text what went wrong,
     * as HTTP's {@code 400} from httpd does; for any other the connection is closed unread.
     */
    public static final Note<Boolean> PLAINTEXT_ON_TLS_ADDRESS = Note.of("ssl-plaintext", Boolean.class);

    /**
     * mod_ssl's variable {@code name} for this session ({@code SSL_PROTOCOL}, {@code SSL_CIPHER},
     * {@code SSL_CIPHER_USEKEYSIZE}, {@code SSL_CIPHER_ALGKEYSIZE}, {@code SSL_CIPHER_EXPORT},
     * {@code SSL_SESSION_ID}, {@code SSL_TLS_SNI}, {@code SSL_COMPRESS_METHOD},
     * {@code SSL_SECURE_RENEG}, {@code SSL_CLIENT_VERIFY}, {@code SSL_VERSION_INTERFACE},
     * {@code SSL_VERSION_LIBRARY}, {@code HTTPS}, and of the client's certificate
     * {@code SSL_CLIENT_S_DN}, {@code SSL_CLIENT_S_DN_CN} and the other parts of its subject,
     * {@code SSL_CLIENT_I_DN} and its parts, {@code SSL_CLIENT_M_SERIAL},
     * {@code SSL_CLIENT_M_VERSION}, {@code SSL_CLIENT_V_START}, {@code SSL_CLIENT_V_END},
     * {@code SSL_CLIENT_V_REMAIN}, {@code SSL_CLIENT_A_SIG}, {@code SSL_CLIENT_A_KEY},
     * {@code SSL_CLIENT_CERT}), or null for one it does not have.
     */
    public String variable(String name) {
        return switch (name) {
            case "HTTPS" -> "on";
            case "SSL_PROTOCOL" -> protocol;
            case "SSL_CIPHER" -> cipherSuite;
            case "SSL_CIPHER_USEKEYSIZE", "SSL_CIPHER_ALGKEYSIZE" -> Integer.toString(cipherBits);
            case "SSL_CIPHER_EXPORT" -> "false";
            case "SSL_SESSION_ID" -> sessionId;
            case "SSL_TLS_SNI" -> serverName;
            case "SSL_COMPRESS_METHOD" -> "NULL";
            // the JDK refuses insecure renegotiation, and renegotiation is gone from TLSv1.3
            case "SSL_SECURE_RENEG" -> "true";
            case "SSL_CLIENT_VERIFY" -> clientVerify;
            case "SSL_VERSION_INTERFACE" -> "mod_ssl/" + org.sluice.server.ServerVersion.current().number();
            case "SSL_VERSION_LIBRARY" -> "JDK/" + Runtime.version().feature();
            default -> name.startsWith("SSL_CLIENT_") && clientCertificate != null ? ClientCertificates.variable(
                    clientCertificate, name.substring("SSL_CLIENT_".length())) : null;
        };
    }

    /** The variables {@link #variable} gives, for {@code SSLOptions +StdEnvVars}. */
    public static final java.util.List<String> STANDARD_VARIABLES = java.util.List.of("HTTPS", "SSL_PROTOCOL",
            "SSL_CIPHER", "SSL_CIPHER_USEKEYSIZE", "SSL_CIPHER_ALGKEYSIZE", "SSL_CIPHER_EXPORT", "SSL_SESSION_ID",
            "SSL_TLS_SNI", "SSL_COMPRESS_METHOD", "SSL_SECURE_RENEG", "SSL_CLIENT_VERIFY", "SSL_VERSION_INTERFACE",
            "SSL_VERSION_LIBRARY", "SSL_CLIENT_S_DN", "SSL_CLIENT_I_DN", "SSL_CLIENT_S_DN_CN", "SSL_CLIENT_I_DN_CN",
            "SSL_CLIENT_M_SERIAL", "SSL_CLIENT_M_VERSION", "SSL_CLIENT_V_START", "SSL_CLIENT_V_END",
            "SSL_CLIENT_V_REMAIN", "SSL_CLIENT_A_SIG", "SSL_CLIENT_A_KEY");
}
