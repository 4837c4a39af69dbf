<?php

declare(strict_types=1);

namespace Infomaniak\Connect\Tests\Support;

use Infomaniak\Connect\Core;
use JsonException;
use stdClass;

/**
 * The cross-language vectors of tests/vectors/*.json, run through FFI: the same checks as the
 * Rust and JS runners. A vector is {"name", "op", "input", "expect", "output"?, "shape"?,
 * "shape_params"?} (or "input_raw", text passed verbatim); JSON is decoded with objects kept as stdClass, so {} and [] stay distinct.
 */
final class VectorCheck
{
    /** The vectors directory: $IKC_VECTORS_DIR, else the repository's tests/vectors. */
    public static function directory(): string
    {
        $dir = getenv('IKC_VECTORS_DIR');
        return is_string($dir) && $dir !== '' ? $dir : dirname(__DIR__, 4) . '/tests/vectors';
    }

    /**
     * Every vector of every file, keyed "file.json: name".
     *
     * @return array<string, stdClass>
     * @throws JsonException on a file that is not JSON
     */
    public static function all(?string $directory = null): array
    {
        $vectors = [];
        $files = glob(($directory ?? self::directory()) . '/*.json') ?: [];
        sort($files);
        foreach ($files as $file) {
            $document = json_decode((string) file_get_contents($file), false, 512, JSON_THROW_ON_ERROR);
            if (!$document instanceof stdClass || !isset($document->vectors) || !is_array($document->vectors)) {
                continue; // e.g. keys.json, the generator's key material
            }
            foreach ($document->vectors as $index => $vector) {
                $name = is_object($vector) && isset($vector->name) && is_string($vector->name) ? $vector->name : '#' . $index;
                $vectors[basename($file) . ': ' . $name] = $vector;
            }
        }
        return $vectors;
    }

    /**
     * Runs $vector and returns its failures (empty when it passes).
     *
     * @return list<string>
     */
    public static function run(Core $core, stdClass $vector): array
    {
        if (!isset($vector->op) || !is_string($vector->op)) {
            return ['vector has no op'];
        }
        if (property_exists($vector, 'input_raw') && is_string($vector->input_raw)) {
            $input = $vector->input_raw;
        } elseif (property_exists($vector, 'input')) {
            $input = json_encode($vector->input, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_PRESERVE_ZERO_FRACTION);
            if (!is_string($input)) {
                return ['input cannot be re-encoded: ' . json_last_error_msg()];
            }
        } else {
            return ['vector has neither input nor input_raw'];
        }
        $text = $core->callJson($vector->op, $input);
        try {
            $actual = json_decode($text, false, 512, JSON_THROW_ON_ERROR);
        } catch (JsonException $e) {
            return ['answer is not JSON: ' . $e->getMessage()];
        }
        $failures = [];
        if (property_exists($vector, 'expect')) {
            $mismatch = self::subsetMismatch($vector->expect, $actual, '$');
            if ($mismatch !== null) {
                $failures[] = 'expect: ' . $mismatch . "\nactual: " . $text;
            }
        }
        if (property_exists($vector, 'output') && !self::equal($vector->output, $actual)) {
            $failures[] = 'output differs' . "\nexpected: " . json_encode($vector->output, JSON_UNESCAPED_SLASHES)
                . "\nactual:   " . $text;
        }
        if (isset($vector->shape)) {
            $mismatch = $vector->shape === 'start'
                ? StartShape::mismatch($vector, $actual)
                : 'unknown shape ' . json_encode($vector->shape);
            if ($mismatch !== null) {
                $failures[] = 'shape: ' . $mismatch . "\nactual: " . $text;
            }
        }
        return $failures;
    }

    /** Where $expected is not a recursive subset of $actual, or null. */
    public static function subsetMismatch(mixed $expected, mixed $actual, string $path): ?string
    {
        if ($expected instanceof stdClass) {
            if (!$actual instanceof stdClass) {
                return $path . ' should be an object, is ' . json_encode($actual, JSON_UNESCAPED_SLASHES);
            }
            foreach (get_object_vars($expected) as $key => $value) {
                if (!property_exists($actual, (string) $key)) {
                    return $path . '.' . $key . ' is missing';
                }
                $mismatch = self::subsetMismatch($value, $actual->{$key}, $path . '.' . $key);
                if ($mismatch !== null) {
                    return $mismatch;
                }
            }
            return null;
        }
        if (!self::equal($expected, $actual)) {
            return $path . ' is ' . json_encode($actual, JSON_UNESCAPED_SLASHES)
                . ', expected ' . json_encode($expected, JSON_UNESCAPED_SLASHES);
        }
        return null;
    }

    /** Decoded JSON equality: objects by key set (any order), arrays by position, scalars by value and type. */
    public static function equal(mixed $a, mixed $b): bool
    {
        if ($a instanceof stdClass || $b instanceof stdClass) {
            if (!$a instanceof stdClass || !$b instanceof stdClass) {
                return false;
            }
            $left = get_object_vars($a);
            $right = get_object_vars($b);
            if (count($left) !== count($right)) {
                return false;
            }
            foreach ($left as $key => $value) {
                if (!array_key_exists($key, $right) || !self::equal($value, $right[$key])) {
                    return false;
                }
            }
            return true;
        }
        if (is_array($a) || is_array($b)) {
            if (!is_array($a) || !is_array($b) || count($a) !== count($b)) {
                return false;
            }
            foreach ($a as $index => $value) {
                if (!array_key_exists($index, $b) || !self::equal($value, $b[$index])) {
                    return false;
                }
            }
            return true;
        }
        if ((is_int($a) || is_float($a)) && (is_int($b) || is_float($b))) {
            return $a == $b;
        }
        return $a === $b;
    }
}
