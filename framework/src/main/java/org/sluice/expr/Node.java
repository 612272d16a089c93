package org.sluice.expr;

import java.util.List;
import java.util.regex.Pattern;

/** The parsed form of an expression: conditions give a truth value, words a string. */
sealed interface Node {

    /** A boolean expression: {@code true}, {@code !c}, {@code a && b}, a comparison, a test. */
    sealed interface Condition extends Node {
    }

    /** A string expression: a literal, a variable, a function call, a concatenation. */
    sealed interface Word extends Node {
    }

    record Constant(boolean value) implements Condition {
    }

    record Not(Condition operand) implements Condition {
    }

    /** {@code a && b && ...}, kept flat so that a long chain does not make a deep tree. */
    record And(List<Condition> operands) implements Condition {
    }

    /** {@code a || b || ...}, flat as {@link And}. */
    record Or(List<Condition> operands) implements Condition {
    }

    /** The six string and six integer comparisons. */
    enum Comparison { STR_EQ, STR_NE, STR_LT, STR_LE, STR_GT, STR_GE, EQ, NE, LT, LE, GT, GE }

    record Compare(Comparison op, Word left, Word right) implements Condition {
    }

    /** {@code word -in {a, b, c}}. */
    record In(Word needle, List<Word> haystack) implements Condition {
    }

    /** {@code word =~ /regex/} or, {@code negated}, {@code !~}. */
    record Match(Word subject, Pattern pattern, boolean negated) implements Condition {
    }

    /** A unary test ({@code -n word}) or a binary one ({@code a -ipmatch b}; {@code right} null for unary). */
    record Test(Operators.Operator operator, Word left, Word right) implements Condition {
    }

    record Literal(String text) implements Word {
    }

    record Concat(List<Word> parts) implements Word {
    }

    record Variable(String name, Vocabulary.Variable<Object> lookup) implements Word {
    }

    record Call(String name, Vocabulary.Function<Object> function, Word argument) implements Word {
    }

    /** {@code $0}..{@code $9}. */
    record BackReference(int group) implements Word {
    }
}
