package dev.tollgate.admin;

/** A request field's value is missing, of the wrong type or out of range: a 400 naming the field. */
public class InvalidFieldException extends RefusedException {

    private final String field;

    public InvalidFieldException(String field, String problem) {
        super(400, field + ": " + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
