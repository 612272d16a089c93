package org.sluice.hook;

/**
 * What a hook function answers: {@link #OK}, {@link #DECLINED} (not mine, ask the next),
 * {@link #DONE} (handled, stop everything) or an error status, which for connection hooks
 * closes the connection and for HTTP is the response status.
 */
public record Result(int code) {

    public static final Result OK = new Result(0);
    public static final Result DECLINED = new Result(-1);
    public static final Result DONE = new Result(-2);
    public static final Result FORBIDDEN = new Result(403);
    public static final Result UNAUTHORIZED = new Result(401);
    public static final Result SERVER_ERROR = new Result(500);

    /** An error with the given (HTTP-style) status. */
    public static Result error(int status) {
        if (status < 100) {
            throw new IllegalArgumentException("not an error status: " + status);
        }
        return new Result(status);
    }

    public boolean isOk() {
        return code == 0;
    }

    public boolean isDeclined() {
        return code == -1;
    }

    public boolean isDone() {
        return code == -2;
    }

    public boolean isError() {
        return code >= 100;
    }

    @Override
    public String toString() {
        return switch (code) {
            case 0 -> "OK";
            case -1 -> "DECLINED";
            case -2 -> "DONE";
            default -> "ERROR(" + code + ")";
        };
    }
}
