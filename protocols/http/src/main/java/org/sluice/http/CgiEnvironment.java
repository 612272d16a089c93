package org.sluice.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The environment of a program run for a request (a CGI script): RFC 3875's meta-variables as
 * httpd's {@code ap_add_common_vars} and {@code ap_add_cgi_vars} give them, over the request's
 * own variables ({@link Request#env()}: {@code SetEnv}, {@code SetEnvIf}, {@code PassEnv}, the
 * {@code REDIRECT_*} of an internal redirect, {@code HTTPS} and, under
 * {@code SSLOptions +StdEnvVars}, the {@code SSL_*} ones).
 *
 * <pre>{@code
 * ProcessBuilder program = new ProcessBuilder(request.filename().toString());
 * program.environment().clear();
 * program.environment().putAll(CgiEnvironment.of(request, false));
 * }</pre>
 *
 * <p>Each request field becomes {@code HTTP_NAME} (upper case, {@code -} as {@code _}; a name
 * with other characters is left out, so {@code X_Forwarded_For} cannot pose as
 * {@code X-Forwarded-For}), but {@code Content-Type} and {@code Content-Length}, which are
 * {@code CONTENT_TYPE} and {@code CONTENT_LENGTH}. <b>Security:</b> {@code Proxy} never becomes
 * {@code HTTP_PROXY}, which HTTP client libraries read as their proxy (httpoxy,
 * CVE-2016-5385), and {@code Authorization} and {@code Proxy-Authorization} are passed only
 * when asked for ({@code CGIPassAuth On}): any program the server runs, and any local user who
 * lists processes, could read the passwords otherwise.
 */
public final class CgiEnvironment {

    /** The {@code PATH} a program gets when neither the request nor the server's process has one (httpd's). */
    static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

    private CgiEnvironment() {
    }

    /**
     * The variables for {@code r}'s program, in a stable order, their names as a process
     * environment takes them (a character other than a letter or digit as {@code _}, as httpd's
     * {@code ap_create_environment}).
     *
     * @param passAuthorization whether {@code Authorization} and {@code Proxy-Authorization}
     *     become {@code HTTP_AUTHORIZATION} and {@code HTTP_PROXY_AUTHORIZATION}
     */
    public static Map<String, String> of(Request r, boolean passAuthorization) {
        Map<String, String> e = new LinkedHashMap<>();
        e.putAll(r.env());
        addFields(r, passAuthorization, e);
        fromProcess(r, e, "PATH", DEFAULT_PATH);
        fromProcess(r, e, "LD_LIBRARY_PATH", null);
        UnaryOperator<String> headers = name -> r.headersIn().get(name);
        e.put("SERVER_SIGNATURE", ServerSignature.of(r, ""));
        for (String name : new String[] {"SERVER_SOFTWARE", "SERVER_NAME", "SERVER_ADDR", "SERVER_PORT"}) {
            put(e, name, ServerVariables.forRewrite(name).value(r, headers));
        }
        r.clientHost().name(r.config(HttpDirConfig.KEY).hostnameLookups())
                .ifPresent(name -> e.put("REMOTE_HOST", name));
        for (String name : new String[] {"REMOTE_ADDR", "DOCUMENT_ROOT", "REQUEST_SCHEME", "CONTEXT_PREFIX",
            "CONTEXT_DOCUMENT_ROOT", "SERVER_ADMIN", "SCRIPT_FILENAME", "REMOTE_PORT"}) {
            put(e, name, ServerVariables.forRewrite(name).value(r, headers));
        }
        if (r.user() != null) {
            e.put("REMOTE_USER", r.user());
        } else {
            for (Request back = r.previous(); back != null; back = back.previous()) {
                if (back.user() != null) {
                    e.put("REDIRECT_REMOTE_USER", back.user());
                    break;
                }
            }
        }
        put(e, "AUTH_TYPE", ServerVariables.forRewrite("AUTH_TYPE").value(r, headers));
        if (r.previous() != null) {
            e.put("REDIRECT_URL", r.previous().path());
            put(e, "REDIRECT_QUERY_STRING", r.previous().query());
        }
        e.put("GATEWAY_INTERFACE", "CGI/1.1");
        e.put("SERVER_PROTOCOL", r.protocol());
        e.put("REQUEST_METHOD", r.method());
        e.put("QUERY_STRING", r.query() == null ? "" : r.query());
        // the target of the request line, as received, even after an internal redirect
        e.put("REQUEST_URI", r.uri());
        String pathInfo = r.pathInfo();
        if (pathInfo == null || pathInfo.isEmpty()) {
            e.put("SCRIPT_NAME", r.path());
        } else {
            String path = r.path();
            e.put("SCRIPT_NAME", path.endsWith(pathInfo) ? path.substring(0, path.length() - pathInfo.length()) : path);
            e.put("PATH_INFO", pathInfo);
            // the path info as a path of the document root (httpd asks a subrequest, which aliases may change)
            e.put("PATH_TRANSLATED", ServerVariables.documentRoot(r) + pathInfo);
        }
        if (!e.containsKey("TZ")) {
            fromProcess(r, e, "TZ", null);
        }
        return processNames(e);
    }

    /** {@code HTTP_*}, {@code CONTENT_TYPE} and {@code CONTENT_LENGTH} from the request's fields. */
    private static void addFields(Request r, boolean passAuthorization, Map<String, String> e) {
        for (HttpHeaders.Field field : r.headersIn()) {
            String name = field.name();
            String variable;
            if (name.equalsIgnoreCase("Content-Type")) {
                variable = "CONTENT_TYPE";
            } else if (name.equalsIgnoreCase("Content-Length")) {
                variable = "CONTENT_LENGTH";
            } else if (name.equalsIgnoreCase("Proxy")) {
                continue;
            } else if (!passAuthorization && (name.equalsIgnoreCase("Authorization")
                    || name.equalsIgnoreCase("Proxy-Authorization"))) {
                continue;
            } else {
                variable = variableOf(name);
                if (variable == null) {
                    continue;
                }
            }
            // repeated fields as one, as httpd merges them when it reads the head
            e.merge(variable, field.value(), (first, next) -> first + ", " + next);
        }
    }

    /** {@code HTTP_} and the field name upper-cased, {@code -} as {@code _}; null for a name with other characters. */
    private static String variableOf(String fieldName) {
        StringBuilder out = new StringBuilder(5 + fieldName.length()).append("HTTP_");
        for (int i = 0; i < fieldName.length(); i++) {
            char c = fieldName.charAt(i);
            if (c < 128 && Character.isLetterOrDigit(c)) {
                out.append(Character.toUpperCase(c));
            } else if (c == '-') {
                out.append('_');
            } else {
                return null;
            }
        }
        return out.toString();
    }

    /** {@code name} from the request's variables, else the server process's environment, else {@code fallback}. */
    private static void fromProcess(Request r, Map<String, String> e, String name, String fallback) {
        String value = r.env(name);
        if (value == null) {
            value = System.getenv(name);
        }
        if (value == null) {
            value = fallback;
        }
        put(e, name, value);
    }

    private static void put(Map<String, String> e, String name, String value) {
        if (value != null) {
            e.put(name, value);
        }
    }

    /** The names as httpd hands them to a process: a leading digit and any other character but letters and digits as {@code _}. */
    private static Map<String, String> processNames(Map<String, String> e) {
        Map<String, String> out = new LinkedHashMap<>();
        e.forEach((name, value) -> {
            if (name.isEmpty()) {
                return;
            }
            StringBuilder clean = new StringBuilder(name.length());
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                boolean letterOrDigit = c < 128 && Character.isLetterOrDigit(c);
                clean.append(letterOrDigit && !(i == 0 && Character.isDigit(c)) ? c : '_');
            }
            // a NUL cannot be in a process's environment; nothing the request carries holds one
            out.put(clean.toString(), value.indexOf('\0') >= 0 ? value.replace('\0', ' ') : value);
        });
        return java.util.Collections.unmodifiableMap(out);
    }
}
