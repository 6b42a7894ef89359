
    // Do not modify this file by hand!
    // Re-generate this file by running lit-localize

    
    import {str} from '@lit/localize';

    /* eslint-disable no-irregular-whitespace */
    /* eslint-disable @typescript-eslint/no-explicit-any */

    export const templates = {
      'agents.online.one': `1 agent online`,
'agents.online.other': str`${0} agenter online`,
'booking.ready': `Välj en tid som passar dig för ett videomöte med en av våra experter.`,
'booking.title': `Boka ett möte`,
'booking.unavailable': `Bokning är inte tillgänglig just nu.`,
'calls.closed': `Stängt`,
'calls.closedUntil': str`Stängt · öppnar ${0}`,
'calls.openNobodyOnline': `Öppet · ingen är online just nu`,
'calls.openWait': str`Öppet · beräknad väntetid ${0}`,
'calls.title': `Videosamtal med oss`,
'calls.unavailable': `Videosamtal är inte tillgängliga just nu.`,
'chat.offline': `Vi är offline just nu.`,
'chat.online': `Vi är online och hjälper gärna till.`,
'chat.title': `Chatta med oss`,
'chat.unavailable': `Chatten är inte tillgänglig just nu.`,
'console.agentId': `Agent-id`,
'console.badCredentials': `Agent-id och lösenord stämmer inte.`,
'console.failed': str`Något gick fel: ${0}`,
'console.label': `Agentkonsol`,
'console.password': `Lösenord`,
'console.queueSummary': str`${0}: ${1} · ${2} · ${3} väntar`,
'console.signIn': `Logga in`,
'console.signingIn': `Loggar in…`,
'console.signInTitle': `Inloggning för agenter`,
'console.signOut': `Logga ut`,
'console.status': `Status`,
'console.unavailable': `Hubben går inte att nå. Försöker igen…`,
'overlay.label': `Prata med oss`,
'queue.closed': `stängd`,
'queue.open': `öppen`,
'status.busy': `Upptagen`,
'status.connecting': `Ansluter…`,
'status.offline': `Offline`,
'status.online': `Online`,
'wait.about': str`cirka ${0}`,
'wait.underMinute': `under en minut`,
    };
  