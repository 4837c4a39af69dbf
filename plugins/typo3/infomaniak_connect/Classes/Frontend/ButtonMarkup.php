<?php

declare(strict_types=1);

namespace Infomaniak\ConnectTypo3\Frontend;

/**
 * The "Log in with Infomaniak" button: one plain link to the start URL. No JavaScript, no
 * third-party request, a few hundred bytes. Styling is left to the site (class names below).
 */
final class ButtonMarkup
{
    private function __construct()
    {
    }

    /** The button's HTML, or '' when $href is empty (the extension is not configured). */
    public static function render(string $href, string $label): string
    {
        if ($href === '') {
            return '';
        }
        return '<p class="infomaniak-connect"><a class="infomaniak-connect__button" rel="nofollow" href="'
            . htmlspecialchars($href, ENT_QUOTES | ENT_HTML5, 'UTF-8') . '">'
            . htmlspecialchars($label, ENT_QUOTES | ENT_HTML5, 'UTF-8') . '</a></p>';
    }

    /** A short page telling the visitor why the login failed, with a link back. */
    public static function errorPage(string $title, string $message, string $backHref, string $backLabel, string $lang = 'en'): string
    {
        $e = static fn (string $text): string => htmlspecialchars($text, ENT_QUOTES | ENT_HTML5, 'UTF-8');
        return '<!DOCTYPE html><html lang="' . $e($lang) . '"><head><meta charset="utf-8">'
            . '<meta name="robots" content="noindex"><meta name="viewport" content="width=device-width, initial-scale=1">'
            . '<title>' . $e($title) . '</title></head><body><main class="infomaniak-connect-error">'
            . '<h1>' . $e($title) . '</h1><p>' . $e($message) . '</p>'
            . '<p><a href="' . $e($backHref) . '">' . $e($backLabel) . '</a></p></main></body></html>';
    }
}
