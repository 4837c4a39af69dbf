#!/usr/bin/env python3
"""Writes languages/infomaniak-connect-{fr_FR,de_DE}.po from the .pot and the tables below.
Run after `make pot-wordpress` when strings change; untranslated strings stay empty (English)."""
import re, sys, pathlib

LANG_DIR = pathlib.Path(__file__).resolve().parent.parent / 'infomaniak-connect' / 'languages'

# msgid (PO-escaped, as in the .pot) -> (fr, de), PO-escaped.
T = {
 'Lets visitors log in with their Infomaniak account (OpenID Connect).': (
  'Permet aux visiteurs de se connecter avec leur compte Infomaniak (OpenID Connect).',
  'Ermöglicht Besuchern die Anmeldung mit ihrem Infomaniak-Konto (OpenID Connect).'),
 'A \\"Log in with Infomaniak\\" button, rendered on the server (no JavaScript on the page). Hidden for logged-in visitors.': (
  'Un bouton « Se connecter avec Infomaniak », rendu par le serveur (sans JavaScript sur la page). Masqué pour les visiteurs connectés.',
  'Eine Schaltfläche „Mit Infomaniak anmelden“, auf dem Server erzeugt (kein JavaScript auf der Seite). Für angemeldete Besucher ausgeblendet.'),
 'The login was cancelled.': ('La connexion a été annulée.', 'Die Anmeldung wurde abgebrochen.'),
 'This login link is incomplete. Please start the login again.': (
  'Ce lien de connexion est incomplet. Veuillez recommencer la connexion.',
  'Dieser Anmeldelink ist unvollständig. Bitte starten Sie die Anmeldung erneut.'),
 'Your login has expired or was started in another browser. Please try again.': (
  'Votre connexion a expiré ou a été commencée dans un autre navigateur. Veuillez réessayer.',
  'Ihre Anmeldung ist abgelaufen oder wurde in einem anderen Browser begonnen. Bitte versuchen Sie es erneut.'),
 'This login could not be matched to your browser. Please try again.': (
  'Cette connexion ne correspond pas à votre navigateur. Veuillez réessayer.',
  'Diese Anmeldung konnte Ihrem Browser nicht zugeordnet werden. Bitte versuchen Sie es erneut.'),
 'Your login took too long. Please try again.': (
  'Votre connexion a pris trop de temps. Veuillez réessayer.',
  'Ihre Anmeldung hat zu lange gedauert. Bitte versuchen Sie es erneut.'),
 'The login answer came from an unexpected provider. Please try again.': (
  'La réponse de connexion provient d’un fournisseur inattendu. Veuillez réessayer.',
  'Die Anmeldeantwort kam von einem unerwarteten Anbieter. Bitte versuchen Sie es erneut.'),
 'The login provider needs you to log in again. Please try again.': (
  'Le fournisseur de connexion vous demande de vous reconnecter. Veuillez réessayer.',
  'Der Anmeldeanbieter verlangt eine erneute Anmeldung. Bitte versuchen Sie es erneut.'),
 "The login provider refused this site's login request. Please contact the site administrator.": (
  'Le fournisseur de connexion a refusé la demande de ce site. Veuillez contacter l’administrateur du site.',
  'Der Anmeldeanbieter hat die Anfrage dieser Website abgelehnt. Bitte wenden Sie sich an den Administrator der Website.'),
 'This login link has expired or was already used. Please try again.': (
  'Ce lien de connexion a expiré ou a déjà été utilisé. Veuillez réessayer.',
  'Dieser Anmeldelink ist abgelaufen oder wurde bereits verwendet. Bitte versuchen Sie es erneut.'),
 'There is no account on this site for your identity, and new accounts cannot be created here. Please contact the site administrator.': (
  'Aucun compte de ce site ne correspond à votre identité, et aucun nouveau compte ne peut y être créé. Veuillez contacter l’administrateur du site.',
  'Für Ihre Identität gibt es auf dieser Website kein Konto, und neue Konten können hier nicht angelegt werden. Bitte wenden Sie sich an den Administrator der Website.'),
 'Login with Infomaniak is not configured correctly on this site. Please contact the site administrator.': (
  'La connexion avec Infomaniak n’est pas correctement configurée sur ce site. Veuillez contacter l’administrateur du site.',
  'Die Anmeldung mit Infomaniak ist auf dieser Website nicht richtig eingerichtet. Bitte wenden Sie sich an den Administrator der Website.'),
 'The login provider cannot be reached right now. Please try again later.': (
  'Le fournisseur de connexion est injoignable pour le moment. Veuillez réessayer plus tard.',
  'Der Anmeldeanbieter ist im Moment nicht erreichbar. Bitte versuchen Sie es später erneut.'),
 'The login could not be verified. Please try again.': (
  'La connexion n’a pas pu être vérifiée. Veuillez réessayer.',
  'Die Anmeldung konnte nicht überprüft werden. Bitte versuchen Sie es erneut.'),
 'Your account could not be created on this site. Please contact the site administrator.': (
  'Votre compte n’a pas pu être créé sur ce site. Veuillez contacter l’administrateur du site.',
  'Ihr Konto konnte auf dieser Website nicht angelegt werden. Bitte wenden Sie sich an den Administrator der Website.'),
 'The login could not be completed. Please try again.': (
  'La connexion n’a pas pu aboutir. Veuillez réessayer.',
  'Die Anmeldung konnte nicht abgeschlossen werden. Bitte versuchen Sie es erneut.'),
 'Log in with Infomaniak': ('Se connecter avec Infomaniak', 'Mit Infomaniak anmelden'),
 'That role cannot be given to new users; Subscriber is used instead.': (
  'Ce rôle ne peut pas être attribué aux nouveaux utilisateurs ; le rôle Abonné est utilisé à la place.',
  'Diese Rolle kann neuen Benutzern nicht zugewiesen werden; stattdessen wird Abonnent verwendet.'),
 'Infomaniak Connect': ('Infomaniak Connect', 'Infomaniak Connect'),
 'Linked account': ('Compte lié', 'Verknüpftes Konto'),
 'Not linked. Log in once with the Infomaniak button to link this account.': (
  'Non lié. Connectez-vous une fois avec le bouton Infomaniak pour lier ce compte.',
  'Nicht verknüpft. Melden Sie sich einmal über die Infomaniak-Schaltfläche an, um dieses Konto zu verknüpfen.'),
 'Linked to %2$s at %1$s.': ('Lié à %2$s chez %1$s.', 'Verknüpft mit %2$s bei %1$s.'),
 'Unlink': ('Délier', 'Verknüpfung lösen'),
 'After unlinking, logging in with Infomaniak no longer opens this account.': (
  'Une fois délié, la connexion avec Infomaniak n’ouvre plus ce compte.',
  'Nach dem Lösen öffnet die Anmeldung mit Infomaniak dieses Konto nicht mehr.'),
 'Infomaniak application': ('Application Infomaniak', 'Infomaniak-Anwendung'),
 'Redirect URI': ('URI de redirection', 'Weiterleitungs-URI'),
 'Client ID': ('Client ID', 'Client-ID'),
 'Client Secret': ('Client Secret', 'Client-Secret'),
 'Login button': ('Bouton de connexion', 'Anmeldeschaltfläche'),
 'Button label': ('Texte du bouton', 'Beschriftung der Schaltfläche'),
 'Accounts': ('Comptes', 'Konten'),
 'New visitors': ('Nouveaux visiteurs', 'Neue Besucher'),
 'Role of new accounts': ('Rôle des nouveaux comptes', 'Rolle neuer Konten'),
 'Existing accounts': ('Comptes existants', 'Bestehende Konten'),
 'Administrators': ('Administrateurs', 'Administratoren'),
 'Advanced': ('Avancé', 'Erweitert'),
 'Provider (issuer)': ('Fournisseur (issuer)', 'Anbieter (Issuer)'),
 'Settings': ('Réglages', 'Einstellungen'),
 'Ready: visitors can log in with Infomaniak.': (
  'Prêt : les visiteurs peuvent se connecter avec Infomaniak.',
  'Bereit: Besucher können sich mit Infomaniak anmelden.'),
 'Not ready yet:': ('Pas encore prêt :', 'Noch nicht bereit:'),
 'Enter the Client ID of your Infomaniak application.': (
  'Saisissez le Client ID de votre application Infomaniak.',
  'Geben Sie die Client-ID Ihrer Infomaniak-Anwendung ein.'),
 'Enter the Client Secret of your Infomaniak application.': (
  'Saisissez le Client Secret de votre application Infomaniak.',
  'Geben Sie das Client-Secret Ihrer Infomaniak-Anwendung ein.'),
 'The Infomaniak Connect library cannot be loaded on this server. Site Health (Tools > Site Health) shows the fix.': (
  'La bibliothèque Infomaniak Connect ne peut pas être chargée sur ce serveur. Santé du site (Outils > Santé du site) indique la correction.',
  'Die Infomaniak-Connect-Bibliothek kann auf diesem Server nicht geladen werden. Website-Zustand (Werkzeuge > Website-Zustand) zeigt die Lösung.'),
 'Infomaniak Connect is not usable yet.': (
  'Infomaniak Connect n’est pas encore utilisable.',
  'Infomaniak Connect ist noch nicht einsatzbereit.'),
 'Open the settings': ('Ouvrir les réglages', 'Einstellungen öffnen'),
 'In the Infomaniak Manager, create an OAuth2 application of type \\"Web Front-End\\" with the redirect URI below, then paste its Client ID and Client Secret here.': (
  'Dans le Manager Infomaniak, créez une application OAuth2 de type « Web Front-End » avec l’URI de redirection ci-dessous, puis collez ici son Client ID et son Client Secret.',
  'Legen Sie im Infomaniak Manager eine OAuth2-Anwendung vom Typ „Web Front-End“ mit der untenstehenden Weiterleitungs-URI an und fügen Sie hier deren Client-ID und Client-Secret ein.'),
 'The button appears on the login page. Elsewhere, use the shortcode [infomaniak_connect] or the \\"Log in with Infomaniak\\" block.': (
  'Le bouton apparaît sur la page de connexion. Ailleurs, utilisez le code court [infomaniak_connect] ou le bloc « Se connecter avec Infomaniak ».',
  'Die Schaltfläche erscheint auf der Anmeldeseite. An anderen Stellen verwenden Sie den Shortcode [infomaniak_connect] oder den Block „Mit Infomaniak anmelden“.'),
 'Set in wp-config.php (%s).': ('Défini dans wp-config.php (%s).', 'In wp-config.php festgelegt (%s).'),
 'Copy': ('Copier', 'Kopieren'),
 'Paste this exact address as the redirect URI of your application in the Infomaniak Manager.': (
  'Collez exactement cette adresse comme URI de redirection de votre application dans le Manager Infomaniak.',
  'Fügen Sie genau diese Adresse als Weiterleitungs-URI Ihrer Anwendung im Infomaniak Manager ein.'),
 'Saved (leave empty to keep it)': ('Enregistré (laisser vide pour le conserver)', 'Gespeichert (leer lassen, um es zu behalten)'),
 'A secret is saved. It is never shown again; type a new one to replace it.': (
  'Un secret est enregistré. Il n’est jamais réaffiché ; saisissez-en un nouveau pour le remplacer.',
  'Ein Secret ist gespeichert. Es wird nie wieder angezeigt; geben Sie ein neues ein, um es zu ersetzen.'),
 'Remove the saved secret': ('Supprimer le secret enregistré', 'Gespeichertes Secret entfernen'),
 'You can also define it in wp-config.php as %s, which keeps it out of the database.': (
  'Vous pouvez aussi le définir dans wp-config.php avec %s, ce qui le garde hors de la base de données.',
  'Sie können es auch in wp-config.php als %s festlegen; dann steht es nicht in der Datenbank.'),
 'Create an account for visitors who log in for the first time': (
  'Créer un compte pour les visiteurs qui se connectent pour la première fois',
  'Ein Konto für Besucher anlegen, die sich zum ersten Mal anmelden'),
 'Link to an existing account with the same e-mail address, when the provider says it is verified': (
  'Lier à un compte existant ayant la même adresse e-mail, lorsque le fournisseur la déclare vérifiée',
  'Mit einem bestehenden Konto mit derselben E-Mail-Adresse verknüpfen, wenn der Anbieter sie als bestätigt meldet'),
 'Off: a visitor whose e-mail address already belongs to an account gets a new account of their own.': (
  'Désactivé : un visiteur dont l’adresse e-mail appartient déjà à un compte reçoit son propre nouveau compte.',
  'Aus: Ein Besucher, dessen E-Mail-Adresse bereits zu einem Konto gehört, erhält ein eigenes neues Konto.'),
 'Also link administrator accounts by e-mail': (
  'Lier aussi les comptes administrateurs par e-mail',
  'Auch Administratorkonten per E-Mail verknüpfen'),
 "Leave this off unless you trust the provider with the administrators' accounts.": (
  'Laissez cette option désactivée, sauf si vous confiez au fournisseur les comptes des administrateurs.',
  'Lassen Sie dies ausgeschaltet, es sei denn, Sie vertrauen dem Anbieter die Konten der Administratoren an.'),
 'Infomaniak by default. Any OpenID Connect provider can be used: its settings are read by discovery.': (
  'Infomaniak par défaut. Tout fournisseur OpenID Connect peut être utilisé : ses paramètres sont lus par découverte (discovery).',
  'Standardmäßig Infomaniak. Jeder OpenID-Connect-Anbieter kann verwendet werden: seine Einstellungen werden per Discovery gelesen.'),
 'Copied': ('Copié', 'Kopiert'),
 'Infomaniak Connect library': ('Bibliothèque Infomaniak Connect', 'Infomaniak-Connect-Bibliothek'),
 'Infomaniak Connect settings': ('Réglages d’Infomaniak Connect', 'Einstellungen von Infomaniak Connect'),
 'Infomaniak Connect over HTTPS': ('Infomaniak Connect en HTTPS', 'Infomaniak Connect über HTTPS'),
 'Infomaniak Connect provider': ('Fournisseur d’Infomaniak Connect', 'Anbieter von Infomaniak Connect'),
 'Open the Infomaniak Connect settings': ('Ouvrir les réglages d’Infomaniak Connect', 'Einstellungen von Infomaniak Connect öffnen'),
 'The Infomaniak Connect library is loaded': ('La bibliothèque Infomaniak Connect est chargée', 'Die Infomaniak-Connect-Bibliothek ist geladen'),
 'Core version %s, loaded with PHP FFI.': ('Version du cœur %s, chargée avec PHP FFI.', 'Kern-Version %s, mit PHP FFI geladen.'),
 "Visitors cannot log in with Infomaniak: the plugin's native library cannot be loaded by PHP on this server. The rest of the site is not affected.": (
  'Les visiteurs ne peuvent pas se connecter avec Infomaniak : PHP ne peut pas charger la bibliothèque native de l’extension sur ce serveur. Le reste du site n’est pas touché.',
  'Besucher können sich nicht mit Infomaniak anmelden: PHP kann die native Bibliothek des Plugins auf diesem Server nicht laden. Der Rest der Website ist nicht betroffen.'),
 'What to change (then restart PHP):': ('Ce qu’il faut modifier (puis redémarrer PHP) :', 'Was zu ändern ist (danach PHP neu starten):'),
 'The Infomaniak Connect library cannot be loaded': ('La bibliothèque Infomaniak Connect ne peut pas être chargée', 'Die Infomaniak-Connect-Bibliothek kann nicht geladen werden'),
 'Infomaniak Connect is configured': ('Infomaniak Connect est configuré', 'Infomaniak Connect ist eingerichtet'),
 'The Client ID and the Client Secret are set.': ('Le Client ID et le Client Secret sont renseignés.', 'Client-ID und Client-Secret sind gesetzt.'),
 'Infomaniak Connect is not configured yet': ('Infomaniak Connect n’est pas encore configuré', 'Infomaniak Connect ist noch nicht eingerichtet'),
 'Missing: %s. The login button stays hidden until they are set.': (
  'Manquant : %s. Le bouton de connexion reste masqué tant qu’ils ne sont pas renseignés.',
  'Fehlt: %s. Die Anmeldeschaltfläche bleibt ausgeblendet, bis sie gesetzt sind.'),
 'The login callback uses HTTPS': ('Le retour de connexion utilise HTTPS', 'Der Anmelde-Callback verwendet HTTPS'),
 'The redirect URI and the login cookie are protected by HTTPS.': (
  'L’URI de redirection et le cookie de connexion sont protégés par HTTPS.',
  'Weiterleitungs-URI und Anmelde-Cookie sind durch HTTPS geschützt.'),
 'The login callback does not use HTTPS': ('Le retour de connexion n’utilise pas HTTPS', 'Der Anmelde-Callback verwendet kein HTTPS'),
 'The redirect URI starts with http://. Infomaniak only accepts HTTPS redirect URIs, and the login cookie cannot be marked Secure. Switch the site address to https:// (Settings > General).': (
  'L’URI de redirection commence par http://. Infomaniak n’accepte que des URI de redirection HTTPS, et le cookie de connexion ne peut pas être marqué Secure. Passez l’adresse du site en https:// (Réglages > Général).',
  'Die Weiterleitungs-URI beginnt mit http://. Infomaniak akzeptiert nur HTTPS-Weiterleitungs-URIs, und das Anmelde-Cookie kann nicht als Secure markiert werden. Stellen Sie die Website-Adresse auf https:// um (Einstellungen > Allgemein).'),
 'The provider was not checked': ('Le fournisseur n’a pas été vérifié', 'Der Anbieter wurde nicht geprüft'),
 'The library must load first.': ('La bibliothèque doit d’abord se charger.', 'Zuerst muss die Bibliothek geladen werden.'),
 'The login provider cannot be reached': ('Le fournisseur de connexion est injoignable', 'Der Anmeldeanbieter ist nicht erreichbar'),
 'The discovery document of %s could not be fetched or is invalid.': (
  'Le document de découverte de %s n’a pas pu être récupéré ou n’est pas valide.',
  'Das Discovery-Dokument von %s konnte nicht abgerufen werden oder ist ungültig.'),
 'The login provider is reachable': ('Le fournisseur de connexion est joignable', 'Der Anmeldeanbieter ist erreichbar'),
 'The discovery document of %s is valid.': ('Le document de découverte de %s est valide.', 'Das Discovery-Dokument von %s ist gültig.'),
}

HEAD = {
 'fr_FR': ('French (France)', 'n > 1'),
 'de_DE': ('German', 'n != 1'),
}

def esc(s):
    return s.replace('\\"', '"').replace('\\', '\\\\').replace('"', '\\"')

def main():
    pot = (LANG_DIR / 'infomaniak-connect.pot').read_text()
    blocks = pot.strip().split('\n\n')
    missing = []
    for idx, (lang, (name, plural)) in enumerate(HEAD.items()):
        out = [f'''# {name} translation of Infomaniak Connect.
msgid ""
msgstr ""
"Project-Id-Version: Infomaniak Connect 0.1.0\\n"
"PO-Revision-Date: 2026-12-03 00:00+0000\\n"
"Last-Translator: Infomaniak Connect contributors\\n"
"Language-Team: {name}\\n"
"Language: {lang}\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=({plural});\\n"
"X-Domain: infomaniak-connect\\n"''']
        for b in blocks[1:]:
            lines = b.split('\n')
            i = next(n for n, l in enumerate(lines) if l.startswith('msgid '))
            j = next(n for n, l in enumerate(lines) if l.startswith('msgstr '))
            msgid = ''.join(re.findall(r'"(.*)"', '\n'.join(lines[i:j])))
            tr = T.get(msgid)
            if tr is None:
                if idx == 0:
                    missing.append(msgid)
                value = ''
            else:
                value = esc(tr[idx])
            out.append('\n'.join(lines[:j]) + f'\nmsgstr "{value}"')
        (LANG_DIR / f'infomaniak-connect-{lang}.po').write_text('\n\n'.join(out) + '\n')
    if missing:
        print('untranslated:', *missing, sep='\n  ', file=sys.stderr)
        sys.exit(1)

main()
